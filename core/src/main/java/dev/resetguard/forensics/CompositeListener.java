package dev.resetguard.forensics;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each callback out to several listeners in order and isolates them from each other and from the
 * caller: a listener that throws is logged and skipped, and the others still get the callback. The one
 * composite of every listener interface; each interface's {@code of} method builds it.
 */
final class CompositeListener
		implements ConnectionListener, ResetEventListener, CallOutcomeListener, RetryDecisionListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeListener.class);

	// Fills the places of the arguments a callback does not take.
	private static final Object UNUSED = new Object();

	// Listeners of the one interface the composite was built for, the only one its callers see it as.
	private final Object[] listeners;

	private CompositeListener(List<?> listeners) {
		this.listeners = listeners.toArray();
	}

	/**
	 * Return a listener that calls each of the given listeners in order, isolating failures.
	 * @param <L> the listener interface
	 * @param listeners the listeners
	 * @param none the interface's listener that ignores everything, left out of the composite
	 * @return the composite listener, or {@code none} if there are no others
	 */
	@SuppressWarnings("unchecked")
	static <L> L of(List<? extends L> listeners, L none) {
		List<? extends L> others = listeners.stream().filter((listener) -> listener != none).toList();
		// Unchecked but safe: the composite implements every listener interface, L among them.
		return others.isEmpty() ? none : (L) new CompositeListener(others);
	}

	/**
	 * Return a connection listener that isolates the failures of the given one.
	 * @param listener the listener
	 * @return the isolating listener
	 */
	static ConnectionListener isolating(ConnectionListener listener) {
		if (listener == ConnectionListener.NONE || listener instanceof CompositeListener) {
			return listener;
		}
		return new CompositeListener(List.of(listener));
	}

	@Override
	public void connectStart(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.connectStart(t));
	}

	@Override
	public void connectEnd(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.connectEnd(t));
	}

	@Override
	public void connectFailed(ConnectionTrace trace, IOException failure) {
		each(ConnectionListener.class, trace, failure, UNUSED, (listener, t, f, y) -> listener.connectFailed(t, f));
	}

	@Override
	public void handshakeStart(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.handshakeStart(t));
	}

	@Override
	public void handshakeEnd(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.handshakeEnd(t));
	}

	@Override
	public void requestStart(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.requestStart(t));
	}

	@Override
	public void responseStart(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.responseStart(t));
	}

	@Override
	public void connectionReset(ConnectionTrace trace, ResetEvent event) {
		each(ConnectionListener.class, trace, event, UNUSED, (listener, t, e, y) -> listener.connectionReset(t, e));
	}

	@Override
	public void connectionClosed(ConnectionTrace trace) {
		each(ConnectionListener.class, trace, UNUSED, UNUSED, (listener, t, x, y) -> listener.connectionClosed(t));
	}

	@Override
	public void onReset(ResetEvent event) {
		each(ResetEventListener.class, event, UNUSED, UNUSED, (listener, e, x, y) -> listener.onReset(e));
	}

	@Override
	public void onResetHeld(ResetEvent event) {
		each(ResetEventListener.class, event, UNUSED, UNUSED, (listener, e, x, y) -> listener.onResetHeld(e));
	}

	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		each(CallOutcomeListener.class, client, peer, outcome, CallOutcomeListener::onCall);
	}

	@Override
	public void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		each(RetryDecisionListener.class, reset, decision, backoffNanos,
				(listener, r, d, backoff) -> listener.onDecision(r, d, backoff));
	}

	// The callbacks get their arguments passed along rather than captured, so that they are constants and
	// the callbacks made for every I/O and every call allocate nothing.
	private <L, A, B, C> void each(Class<L> type, A first, B second, C third, Callback<L, A, B, C> callback) {
		for (Object listener : this.listeners) {
			try {
				callback.call(type.cast(listener), first, second, third);
			}
			catch (RuntimeException ex) {
				logger.warn("{} {} threw; ignored", type.getSimpleName(), listener.getClass().getName(), ex);
			}
		}
	}

	/**
	 * One callback of a listener, with its arguments.
	 */
	@FunctionalInterface
	private interface Callback<L, A, B, C> {

		void call(L listener, A first, B second, C third);

	}

}
