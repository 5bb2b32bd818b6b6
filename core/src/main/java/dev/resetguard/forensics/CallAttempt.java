package dev.resetguard.forensics;

import java.util.Objects;

/**
 * One attempt of a call, as the retry loop and the connection instrumentation of an asynchronous client
 * share it: the retry loop creates it and hands it down with the request (in Reactor's context, under
 * {@link #CONTEXT_KEY}); the instrumentation {@link #bind binds} the connection that serves it and
 * attaches the reset it records, so the retry loop decides with the facts of that very connection.
 * <p>
 * Thread-safe: the retry loop and the I/O thread of the connection read and write it concurrently.
 */
public final class CallAttempt {

	/** Key under which the current attempt travels with the request, in Reactor's context for example. */
	public static final Object CONTEXT_KEY = CallAttempt.class;

	private final String peer;

	private final int number;

	private volatile ConnectionTrace connection;

	private volatile ResetEvent reset;

	/**
	 * Create an attempt.
	 * @param peer the peer of the call, as {@code host:port} (see {@link PeerKey})
	 * @param number the attempt number, 1 for the first
	 */
	public CallAttempt(String peer, int number) {
		this.peer = Objects.requireNonNull(peer, "peer");
		if (number < 1) {
			throw new IllegalArgumentException("number must be at least 1, but was " + number);
		}
		this.number = number;
	}

	/**
	 * Return the peer of the call, as the retry loop names it; connections opened for this attempt are
	 * traced under the same name, so per-peer settings and learned timeouts line up.
	 * @return the peer as {@code host:port}
	 */
	public String peer() {
		return this.peer;
	}

	/**
	 * Return the attempt number.
	 * @return the attempt number, 1 for the first
	 */
	public int number() {
		return this.number;
	}

	/**
	 * Record that the attempt now runs on the given connection, being opened or taken from a pool.
	 * @param connection the connection's trace
	 */
	public void bind(ConnectionTrace connection) {
		this.connection = Objects.requireNonNull(connection, "connection");
	}

	/**
	 * Return the connection the attempt runs on.
	 * @return the connection's trace, or {@code null} if no instrumented connection served it
	 */
	public ConnectionTrace connection() {
		return this.connection;
	}

	/**
	 * Attach the reset recorded for a connection, if that connection is the one serving this attempt;
	 * a connection this attempt has moved away from cannot speak for it.
	 * @param connection the connection the reset was recorded for
	 * @param event the recorded reset
	 * @return whether the reset was attached
	 */
	public boolean resetRecorded(ConnectionTrace connection, ResetEvent event) {
		if (this.connection != connection) {
			return false;
		}
		this.reset = Objects.requireNonNull(event, "event");
		return true;
	}

	/**
	 * Return the reset recorded for this attempt's connection while it served this attempt.
	 * @return the reset, or {@code null} if none was recorded
	 */
	public ResetEvent reset() {
		return this.reset;
	}

	@Override
	public String toString() {
		return "attempt " + this.number + " to " + this.peer;
	}

}
