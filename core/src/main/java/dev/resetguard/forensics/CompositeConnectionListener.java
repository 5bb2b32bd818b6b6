package dev.resetguard.forensics;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans callbacks out to several {@link ConnectionListener listeners} and isolates them from each
 * other and from the I/O path: a listener that throws is logged and skipped, never propagated.
 */
public final class CompositeConnectionListener implements ConnectionListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeConnectionListener.class);

	private final ConnectionListener[] listeners;

	private CompositeConnectionListener(List<? extends ConnectionListener> listeners) {
		this.listeners = listeners.toArray(new ConnectionListener[0]);
	}

	/**
	 * Return a listener that calls each of the given listeners in order, isolating failures.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link ConnectionListener#NONE} if there are none
	 */
	public static ConnectionListener of(List<? extends ConnectionListener> listeners) {
		return listeners.isEmpty() ? NONE : new CompositeConnectionListener(listeners);
	}

	/**
	 * Return a listener that isolates the failures of the given one.
	 * @param listener the listener
	 * @return the isolating listener
	 */
	public static ConnectionListener isolating(ConnectionListener listener) {
		if (listener == NONE || listener instanceof CompositeConnectionListener) {
			return listener;
		}
		return new CompositeConnectionListener(List.of(listener));
	}

	/**
	 * Return the listener an instrumentation that records through the given recorder gives its
	 * connections: the recorder's {@link ResetRecorder#responseListener() response listener} first, then
	 * the given one.
	 * @param recorder the recorder the instrumentation reports to
	 * @param listener the application's listeners, or {@link ConnectionListener#NONE}
	 * @return the listener for the instrumentation's connections
	 */
	public static ConnectionListener withResponses(ResetRecorder recorder, ConnectionListener listener) {
		ConnectionListener responses = recorder.responseListener();
		return (listener == NONE) ? responses : new CompositeConnectionListener(List.of(responses, listener));
	}

	@Override
	public void connectStart(ConnectionTrace trace) {
		each(trace, ConnectionListener::connectStart);
	}

	@Override
	public void connectEnd(ConnectionTrace trace) {
		each(trace, ConnectionListener::connectEnd);
	}

	@Override
	public void connectFailed(ConnectionTrace trace, IOException failure) {
		each(trace, (listener, t) -> listener.connectFailed(t, failure));
	}

	@Override
	public void handshakeStart(ConnectionTrace trace) {
		each(trace, ConnectionListener::handshakeStart);
	}

	@Override
	public void handshakeEnd(ConnectionTrace trace) {
		each(trace, ConnectionListener::handshakeEnd);
	}

	@Override
	public void requestStart(ConnectionTrace trace) {
		each(trace, ConnectionListener::requestStart);
	}

	@Override
	public void responseStart(ConnectionTrace trace) {
		each(trace, ConnectionListener::responseStart);
	}

	@Override
	public void connectionReset(ConnectionTrace trace, ResetEvent event) {
		each(trace, (listener, t) -> listener.connectionReset(t, event));
	}

	@Override
	public void connectionClosed(ConnectionTrace trace) {
		each(trace, ConnectionListener::connectionClosed);
	}

	// Method references without captures are constants, so the per-I/O callbacks allocate nothing.
	private void each(ConnectionTrace trace, BiConsumer<ConnectionListener, ConnectionTrace> callback) {
		for (ConnectionListener listener : this.listeners) {
			try {
				callback.accept(listener, trace);
			}
			catch (RuntimeException ex) {
				logger.warn("Connection listener {} threw; ignored", listener.getClass().getName(), ex);
			}
		}
	}

}
