package dev.resetguard.forensics;

import java.time.Instant;

import dev.resetguard.classify.ResetSignal;

/**
 * One reset as Reset Guard saw it: who saw it, where in the exchange, the likely cause and the
 * connection facts behind that inference. Immutable.
 *
 * @param time when the reset was seen
 * @param client the kind of client that saw it
 * @param peer the peer as {@code host:port}, never with scheme, path, query or credentials
 * @param phase where in the exchange it happened
 * @param cause the likely cause
 * @param signal how the reset showed itself
 * @param exception simple class name of the innermost reset exception
 * @param message message of the innermost reset exception, stripped of URL query strings and user info
 * @param facts the connection facts, or {@code null} when the client hides them
 * @param attempt the attempt (1 for the first) during which the reset was seen
 */
public record ResetEvent(Instant time, ClientKind client, String peer, ResetPhase phase, ResetCause cause,
		ResetSignal signal, String exception, String message, ConnectionFacts facts, int attempt) {

}
