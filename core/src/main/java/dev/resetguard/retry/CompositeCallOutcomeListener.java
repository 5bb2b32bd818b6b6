package dev.resetguard.retry;

import java.util.List;

import dev.resetguard.forensics.ClientKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each call outcome to several {@link CallOutcomeListener listeners} in order, isolating them:
 * one that throws is logged and skipped, and the others still see the outcome.
 */
public final class CompositeCallOutcomeListener implements CallOutcomeListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeCallOutcomeListener.class);

	private final CallOutcomeListener[] listeners;

	private CompositeCallOutcomeListener(List<? extends CallOutcomeListener> listeners) {
		this.listeners = listeners.toArray(new CallOutcomeListener[0]);
	}

	/**
	 * Return a listener that calls each of the given listeners in order, isolating failures.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link CallOutcomeListener#NONE} if there are none
	 */
	public static CallOutcomeListener of(List<? extends CallOutcomeListener> listeners) {
		return listeners.isEmpty() ? NONE : new CompositeCallOutcomeListener(listeners);
	}

	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		for (CallOutcomeListener listener : this.listeners) {
			try {
				listener.onCall(client, peer, outcome);
			}
			catch (RuntimeException ex) {
				logger.warn("Call outcome listener {} threw; ignored", listener.getClass().getName(), ex);
			}
		}
	}

}
