package dev.resetguard.autoconfigure;

/**
 * When a request that is not idempotent (such as a {@code POST}) may be retried after a reset,
 * bound from {@code reset-guard.retry.non-idempotent}.
 */
public enum NonIdempotentRetry {

	/** Never retry a non-idempotent request. */
	NEVER,

	/**
	 * Retry a non-idempotent request only when it surely never reached the peer, or when it
	 * carries the idempotency header.
	 */
	SAFE_ONLY,

	/** Retry non-idempotent requests like idempotent ones. */
	ALWAYS

}
