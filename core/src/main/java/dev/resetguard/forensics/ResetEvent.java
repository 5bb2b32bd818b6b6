package dev.resetguard.forensics;

import java.time.Instant;

import dev.resetguard.classify.ResetSignal;
import org.jspecify.annotations.Nullable;

/**
 * One reset as Reset Guard saw it: who saw it, where in the exchange, the likely cause and the
 * connection facts behind that inference, and what the retry loop decided about it. Listeners get each
 * reset once, as this one event, so that meters, endpoint and log tell the same story. Immutable.
 *
 * @param time when the reset was seen
 * @param client the kind of client that saw it
 * @param peer the peer as {@code host:port}, never with scheme, path, query or credentials
 * @param phase where in the exchange it happened
 * @param cause the likely cause
 * @param signal how the reset showed itself
 * @param exception simple class name of the innermost reset exception
 * @param message message of the innermost reset exception, stripped of URL query strings and user info
 * @param facts the connection facts, {@code null} when the client hides them
 * @param attempt the attempt (1 for the first) during which the reset was seen
 * @param decision what the retry loop decided about the reset, {@code null} when no retry loop of
 * Reset Guard decides about it (a socket whose bytes belong to its caller), or none decided in time
 * @param backoffNanos the delay before the retry, in nanoseconds; 0 unless the decision is
 * {@link RetryDecision#RETRY}
 */
public record ResetEvent(Instant time, ClientKind client, String peer, ResetPhase phase, ResetCause cause,
		ResetSignal signal, String exception, @Nullable String message, @Nullable ConnectionFacts facts, int attempt,
		@Nullable RetryDecision decision, long backoffNanos) {

	/**
	 * Create a reset as recorded, before any retry loop decided about it.
	 * @param time when the reset was seen
	 * @param client the kind of client that saw it
	 * @param peer the peer as {@code host:port}
	 * @param phase where in the exchange it happened
	 * @param cause the likely cause
	 * @param signal how the reset showed itself
	 * @param exception simple class name of the innermost reset exception
	 * @param message sanitized message of the innermost reset exception
	 * @param facts the connection facts, {@code null} when the client hides them
	 * @param attempt the attempt (1 for the first) during which the reset was seen
	 */
	public ResetEvent(Instant time, ClientKind client, String peer, ResetPhase phase, ResetCause cause,
			ResetSignal signal, String exception, @Nullable String message, @Nullable ConnectionFacts facts,
			int attempt) {
		this(time, client, peer, phase, cause, signal, exception, message, facts, attempt, null, 0);
	}

	/**
	 * Return this reset with another cause, as the evidence of a restart settles it.
	 * @param cause the cause
	 * @return the reset with that cause
	 */
	public ResetEvent withCause(ResetCause cause) {
		return new ResetEvent(this.time, this.client, this.peer, this.phase, cause, this.signal, this.exception,
				this.message, this.facts, this.attempt, this.decision, this.backoffNanos);
	}

	/**
	 * Return this reset with what its retry loop decided about it.
	 * @param decision the decision
	 * @param backoffNanos the delay before the retry, in nanoseconds; 0 unless the decision is
	 * {@link RetryDecision#RETRY}
	 * @return the reset with that decision
	 */
	public ResetEvent withDecision(RetryDecision decision, long backoffNanos) {
		return new ResetEvent(this.time, this.client, this.peer, this.phase, this.cause, this.signal, this.exception,
				this.message, this.facts, this.attempt, decision, backoffNanos);
	}

}
