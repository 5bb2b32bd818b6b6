package dev.resetguard.retry;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The retry state of one call that a client retries after resets on its own schedule, as asynchronous
 * clients do: it credits the peer's budget once for the call, decides after each reset whether another
 * attempt may go out, how long to wait before it, and what the call's outcome is. The rules are those of
 * the programmatic {@code ResetGuard}: first the idempotency rules, then the attempts left, then the budget.
 * <p>
 * A call's attempts run one after another, so one instance is never used by two threads at once;
 * handing it from thread to thread between attempts needs no more than the hand-over itself provides.
 */
public final class CallRetryState {

	private final RetrySettings settings;

	private final RetryBudget budget;

	private final DoubleSupplier random;

	private Backoff backoff;

	private CallRetryState(RetrySettings settings, RetryBudget budget, DoubleSupplier random) {
		this.settings = settings;
		this.budget = budget;
		this.random = random;
	}

	/**
	 * Start the retry state of a call, crediting the peer's budget for it.
	 * @param settings the retry settings of the call
	 * @param budget the retry budget of the peer
	 * @param random the random source of backoff jitter, values uniformly distributed in {@code [0, 1)}
	 * @return the retry state
	 */
	public static CallRetryState start(RetrySettings settings, RetryBudget budget, DoubleSupplier random) {
		CallRetryState retry = new CallRetryState(Objects.requireNonNull(settings, "settings"),
				Objects.requireNonNull(budget, "budget"), Objects.requireNonNull(random, "random"));
		budget.deposit();
		return retry;
	}

	/**
	 * Return the outcome of a call that ended without a reset in its last attempt: it succeeded, or
	 * failed for a reason Reset Guard leaves to the caller.
	 * @param attempts the number of attempts made, the last included
	 * @return {@link CallOutcome#SUCCESS} after one attempt, {@link CallOutcome#RECOVERED} after a retried reset
	 */
	public static CallOutcome outcomeWithoutReset(int attempts) {
		return (attempts == 1) ? CallOutcome.SUCCESS : CallOutcome.RECOVERED;
	}

	/**
	 * Decide what follows a reset attempt. When another attempt may go out, one retry is taken from the
	 * peer's budget.
	 * @param request whether the request is safe to repeat
	 * @param exposure how far the reset request may have got
	 * @param attempt the attempt that was reset, 1 for the first
	 * @return {@code null} to retry, else the outcome the call ends with
	 */
	public CallOutcome stopAfterReset(RequestTraits request, RequestExposure exposure, int attempt) {
		if (!IdempotencyRules.mayRetry(request, exposure, this.settings.nonIdempotent())) {
			return CallOutcome.NOT_RETRYABLE;
		}
		if (attempt >= this.settings.maxAttempts()) {
			return CallOutcome.EXHAUSTED;
		}
		if (!this.budget.tryWithdraw()) {
			return CallOutcome.BUDGET_EXHAUSTED;
		}
		return null;
	}

	/**
	 * Return how long to wait before retrying a reset attempt.
	 * @param attempt the attempt that was reset, 1 for the first
	 * @return the delay in nanoseconds, jittered and capped
	 */
	public long backoffNanos(int attempt) {
		if (this.backoff == null) {
			this.backoff = Backoff.of(this.settings, this.random);
		}
		return this.backoff.delayNanos(attempt);
	}

}
