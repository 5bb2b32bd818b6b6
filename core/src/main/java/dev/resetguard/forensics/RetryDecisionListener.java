package dev.resetguard.forensics;

import java.util.List;

/**
 * Told what a retry loop decided about each reset it saw, once per reset, when the reset is published
 * with that decision (the one its {@link ResetEvent#decision()} carries): at once, or once the evidence
 * of a restart settled its cause. Reset Guard's own log, endpoint and meters read the decision from the
 * event itself; this is for applications that act on decisions. Called on the calling thread or an
 * event loop: implementations must be fast, must not block and must not throw.
 * <p>
 * Every retry loop of a {@code ResetGuard} client integration calls its listener for every reset it
 * sees, with the {@link ResetEvent} as the {@code ResetRecorder} published it.
 */
@FunctionalInterface
public interface RetryDecisionListener {

	/** A listener that ignores every decision. */
	RetryDecisionListener NONE = (reset, decision, backoffNanos) -> {
	};

	/**
	 * Return a listener that calls each of the given listeners in order, isolating them: one that throws
	 * is logged and skipped, and the others still get the decision.
	 * @param listeners the listeners
	 * @return the composite listener, or {@link #NONE} if there are none
	 */
	static RetryDecisionListener of(List<? extends RetryDecisionListener> listeners) {
		return CompositeListener.of(listeners, NONE);
	}

	/**
	 * Called once per reset a retry loop saw, when it has decided what to do about it.
	 * @param reset the reset, as recorded
	 * @param decision what the loop does about it
	 * @param backoffNanos the delay before the retry, in nanoseconds; 0 unless the decision is
	 * {@link RetryDecision#RETRY}
	 */
	void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos);

}
