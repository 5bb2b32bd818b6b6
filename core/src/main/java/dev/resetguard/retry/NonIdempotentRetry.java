package dev.resetguard.retry;

/**
 * Whether a request whose method is not idempotent (POST, PATCH or one Reset Guard does not know)
 * may be retried after a reset. Bound to the {@code reset-guard.retry.non-idempotent} property.
 */
public enum NonIdempotentRetry {

	/** Never retry a non-idempotent request. */
	NEVER,

	/**
	 * Retry a non-idempotent request only when it surely never reached the peer, or when it carries
	 * the idempotency header so the peer can recognise the repeat.
	 */
	SAFE_ONLY,

	/** Retry non-idempotent requests like idempotent ones. */
	ALWAYS

}
