package dev.resetguard.forensics;

import org.jspecify.annotations.Nullable;

/**
 * What a retry loop decided after a reset: retry the call, or stop and let the reset reach the
 * caller, and why. The {@link #tagValue() tag values} appear as the {@code outcome} of reset events.
 */
public enum RetryDecision {

	/** The call is retried after a backoff. */
	RETRY("retried", null),

	/** The call gives up: its attempts are used up, or it was interrupted while backing off. */
	EXHAUSTED("exhausted", CallOutcome.EXHAUSTED),

	/** The call is not retried because repeating it is not safe: not idempotent, or its body cannot be replayed. */
	NOT_RETRYABLE("not-retryable", CallOutcome.NOT_RETRYABLE),

	/** The call is not retried because the peer's retry budget has no retry left. */
	BUDGET_EXHAUSTED("budget-exhausted", CallOutcome.BUDGET_EXHAUSTED);

	private final String tagValue;

	private final @Nullable CallOutcome outcome;

	RetryDecision(String tagValue, @Nullable CallOutcome outcome) {
		this.tagValue = tagValue;
		this.outcome = outcome;
	}

	/**
	 * Return the decision to stop that ends a call with the given outcome.
	 * @param outcome the outcome of a call that was reset and is not retried: {@link CallOutcome#EXHAUSTED},
	 * {@link CallOutcome#NOT_RETRYABLE} or {@link CallOutcome#BUDGET_EXHAUSTED}
	 * @return the decision
	 * @throws IllegalArgumentException for {@link CallOutcome#SUCCESS}, {@link CallOutcome#RECOVERED} or
	 * {@link CallOutcome#FAILED}, which no reset decides
	 */
	public static RetryDecision stop(CallOutcome outcome) {
		return switch (outcome) {
			case EXHAUSTED -> EXHAUSTED;
			case NOT_RETRYABLE -> NOT_RETRYABLE;
			case BUDGET_EXHAUSTED -> BUDGET_EXHAUSTED;
			case SUCCESS, RECOVERED, FAILED ->
				throw new IllegalArgumentException("Not a reason to stop retrying: " + outcome);
		};
	}

	/**
	 * Return the value used for this decision as the outcome of reset events.
	 * @return the lower-case, hyphenated tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the outcome of a call that stops here.
	 * @return the call outcome, {@code null} for {@link #RETRY}
	 */
	public @Nullable CallOutcome outcome() {
		return this.outcome;
	}

}
