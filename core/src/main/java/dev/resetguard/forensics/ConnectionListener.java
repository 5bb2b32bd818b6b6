package dev.resetguard.forensics;

import java.io.IOException;
import java.util.List;

/**
 * Callbacks for the life of one instrumented connection, in the style of OkHttp's
 * {@code EventListener}: every method is a no-op by default, so implementations override only what
 * they need.
 * <p>
 * Ordering guarantees for one connection: {@code connectStart} comes first and is followed by
 * exactly one of {@code connectEnd} or {@code connectFailed}; for TLS, {@code handshakeStart} is
 * followed by {@code handshakeEnd} or {@code connectionReset}/{@code connectionClosed};
 * {@code requestStart} opens each exchange and precedes its {@code responseStart};
 * {@code connectionReset} is called at most once; {@code connectionClosed} is called last, once.
 * <p>
 * Callbacks run on I/O threads, possibly event loops: they must be fast, must not block and must
 * not throw (a throwing listener is isolated and ignored, but costs a log line).
 */
public interface ConnectionListener {

	/** A listener that ignores every callback. */
	ConnectionListener NONE = new ConnectionListener() {
	};

	/**
	 * Return a listener that calls each of the given listeners in order, isolating them: one that throws
	 * is logged and skipped, and the others still get the callback.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link #NONE} if there are none
	 */
	static ConnectionListener of(List<? extends ConnectionListener> listeners) {
		return CompositeListener.of(listeners, NONE);
	}

	/**
	 * The TCP connect is about to start.
	 * @param trace the connection
	 */
	default void connectStart(ConnectionTrace trace) {
	}

	/**
	 * The TCP connection is established.
	 * @param trace the connection
	 */
	default void connectEnd(ConnectionTrace trace) {
	}

	/**
	 * The TCP connect failed.
	 * @param trace the connection
	 * @param failure why it failed
	 */
	default void connectFailed(ConnectionTrace trace, IOException failure) {
	}

	/**
	 * The TLS handshake is about to start.
	 * @param trace the connection
	 */
	default void handshakeStart(ConnectionTrace trace) {
	}

	/**
	 * The TLS handshake completed.
	 * @param trace the connection
	 */
	default void handshakeEnd(ConnectionTrace trace) {
	}

	/**
	 * A new exchange starts: the first request byte is about to be written. On a reused connection,
	 * {@link ConnectionTrace#idleBeforeUseNanos()} tells how long it sat idle.
	 * @param trace the connection
	 */
	default void requestStart(ConnectionTrace trace) {
	}

	/**
	 * The first response byte of the current exchange arrived.
	 * @param trace the connection
	 */
	default void responseStart(ConnectionTrace trace) {
	}

	/**
	 * The connection was reset; called once per connection at most.
	 * @param trace the connection
	 * @param event the recorded reset
	 */
	default void connectionReset(ConnectionTrace trace, ResetEvent event) {
	}

	/**
	 * The connection was closed by this side.
	 * @param trace the connection
	 */
	default void connectionClosed(ConnectionTrace trace) {
	}

}
