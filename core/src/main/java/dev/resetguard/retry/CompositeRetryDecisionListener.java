package dev.resetguard.retry;

import java.util.List;

import dev.resetguard.forensics.ResetEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each retry decision to several {@link RetryDecisionListener listeners} in order, isolating
 * them: one that throws is logged and skipped, and the others still see the decision.
 */
public final class CompositeRetryDecisionListener implements RetryDecisionListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeRetryDecisionListener.class);

	private final RetryDecisionListener[] listeners;

	private CompositeRetryDecisionListener(List<? extends RetryDecisionListener> listeners) {
		this.listeners = listeners.toArray(new RetryDecisionListener[0]);
	}

	/**
	 * Return a listener that calls each of the given listeners in order, isolating failures.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link RetryDecisionListener#NONE} if there are none
	 */
	public static RetryDecisionListener of(List<? extends RetryDecisionListener> listeners) {
		return listeners.isEmpty() ? NONE : new CompositeRetryDecisionListener(listeners);
	}

	@Override
	public void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		for (RetryDecisionListener listener : this.listeners) {
			try {
				listener.onDecision(reset, decision, backoffNanos);
			}
			catch (RuntimeException ex) {
				logger.warn("Retry decision listener {} threw; ignored", listener.getClass().getName(), ex);
			}
		}
	}

}
