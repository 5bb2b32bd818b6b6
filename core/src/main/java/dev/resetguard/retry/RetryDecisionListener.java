package dev.resetguard.retry;

import dev.resetguard.forensics.ResetEvent;

/**
 * Told what a retry loop decided about each reset it saw, once per reset, right after deciding and
 * before any backoff: the reset log writes its line here, and the endpoint's events get their
 * outcome. Called on the calling thread or an event loop: implementations must be fast, must not
 * block and must not throw.
 * <p>
 * Every retry loop of a {@code ResetGuard} client integration calls its listener for every reset it
 * sees, with the {@link ResetEvent} the {@code ResetRecorder} recorded for it (the same instance,
 * not a copy).
 */
@FunctionalInterface
public interface RetryDecisionListener {

	/** A listener that ignores every decision. */
	RetryDecisionListener NONE = (reset, decision, backoffNanos) -> {
	};

	/**
	 * Called once per reset a retry loop saw, when it has decided what to do about it.
	 * @param reset the reset, as recorded
	 * @param decision what the loop does about it
	 * @param backoffNanos the delay before the retry, in nanoseconds; 0 unless the decision is
	 * {@link RetryDecision#RETRY}
	 */
	void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos);

}
