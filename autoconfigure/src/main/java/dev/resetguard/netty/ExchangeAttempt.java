package dev.resetguard.netty;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.ResetEvent;

/**
 * One attempt of a call, as the instrumented channel that serves it sees it: the retry loop hands it down
 * with the request, in Reactor's context under {@link #CONTEXT_KEY}, and the channel binds its connection
 * to it, attaches the reset it records and tells it when the exchange ends. One object may stand for every
 * attempt of a call in turn, so a channel always passes its connection back, and a connection the call has
 * moved away from must be ignored.
 * <p>
 * Implementations must be thread-safe: the channel calls them on its event loop.
 */
public interface ExchangeAttempt {

	/** Key under which the attempt travels with the request in Reactor's context. */
	Object CONTEXT_KEY = ExchangeAttempt.class;

	/**
	 * Return the peer of the call, under which a connection opened for it is traced.
	 * @return the peer as {@code host:port}
	 */
	String peer();

	/**
	 * Return the number of the attempt now under way.
	 * @return the attempt number, 1 for the first
	 */
	int number();

	/**
	 * Record that the attempt now runs on the given connection, being opened or taken from a pool.
	 * @param connection the connection's trace
	 */
	void bind(ConnectionTrace connection);

	/**
	 * Return whether the retry loop this attempt belongs to reports what it decided about each reset
	 * attached to it to the {@code ResetRecorder}, as Reset Guard's own loops do; the reset is then
	 * published with that decision. Otherwise it is published at once, without one.
	 * @return whether the retry loop reports its decisions
	 */
	default boolean decides() {
		return false;
	}

	/**
	 * Attach a reset recorded for a connection while it served the attempt.
	 * @param connection the connection the reset was recorded for
	 * @param event the recorded reset
	 */
	void resetRecorded(ConnectionTrace connection, ResetEvent event);

	/**
	 * Record that the connection is done with the attempt's exchange: its response completed, the
	 * connection went back to the pool, or it closed.
	 * @param connection the connection
	 */
	void exchangeEnded(ConnectionTrace connection);

}
