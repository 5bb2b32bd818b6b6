package dev.resetguard.socket;

import dev.resetguard.forensics.RetryDecision;

/**
 * Decides whether, and after what delay, a socket factory tries a connect again after a reset hit it.
 * Only the connect step is retried: once a socket is handed out, its bytes belong to the caller.
 */
@FunctionalInterface
public interface ConnectRetry {

	/** Never retries. */
	ConnectRetry NONE = (peer, failedAttempt) -> -1;

	/**
	 * Called once per connect call, before its first attempt; budgets count calls here.
	 * @param peer the peer as {@code host:port}
	 */
	default void connectStarted(String peer) {
	}

	/**
	 * Return how long to wait before the next connect attempt.
	 * @param peer the peer as {@code host:port}
	 * @param failedAttempt the attempt that just failed with a reset (1 for the first)
	 * @return the delay in nanoseconds, or a negative value to give up
	 */
	long delayBeforeRetry(String peer, int failedAttempt);

	/**
	 * Return why a connect is not tried again, once {@link #delayBeforeRetry} gave up on it.
	 * @param peer the peer as {@code host:port}
	 * @param failedAttempt the attempt that failed last (1 for the first)
	 * @return the decision to stop: {@link RetryDecision#EXHAUSTED} unless a budget refused the retry
	 */
	default RetryDecision reasonToStop(String peer, int failedAttempt) {
		return RetryDecision.EXHAUSTED;
	}

}
