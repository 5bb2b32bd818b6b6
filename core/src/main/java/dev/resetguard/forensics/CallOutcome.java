package dev.resetguard.forensics;

/**
 * How a call ended as far as resets are concerned. The {@link #tagValue() tag values} are part of the
 * public contract: they appear as the {@code outcome} tag of {@code reset.guard.calls}.
 */
public enum CallOutcome {

	/** The call was answered without a reset. */
	SUCCESS("success"),

	/** The call was answered after a reset retry or a wait for its restarting peer. */
	RECOVERED("recovered"),

	/** The call was reset on every attempt it was allowed, or gave up retrying. */
	EXHAUSTED("exhausted"),

	/** The call was reset and could not be retried safely: not idempotent, or its body could not be replayed. */
	NOT_RETRYABLE("not-retryable"),

	/** The call was reset and the peer's retry budget had no retry left. */
	BUDGET_EXHAUSTED("budget-exhausted"),

	/**
	 * The call was ended by a failure that is not a reset: a timeout, a refused connect outside a restart,
	 * a name that did not resolve. Never counted {@link #SUCCESS}, whatever came before it.
	 */
	FAILED("failed");

	private final String tagValue;

	CallOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value used for this outcome in meter tags, events and logs.
	 * @return the lower-case, hyphenated tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
