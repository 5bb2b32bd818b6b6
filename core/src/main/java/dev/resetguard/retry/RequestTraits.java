package dev.resetguard.retry;

import org.jspecify.annotations.Nullable;

/**
 * What about a request decides whether it is safe to repeat: whether its method is idempotent, whether
 * it carries an idempotency key, and whether its body can be sent again.
 *
 * @param idempotent whether repeating the request has the same effect as sending it once
 * @param idempotencyKey whether it carries a non-blank idempotency header, so the peer can recognise a repeat
 * @param replayableBody whether its body (if any) can be sent by another attempt: {@code false} for a body
 * that cannot be read twice once an attempt started reading it
 */
public record RequestTraits(boolean idempotent, boolean idempotencyKey, boolean replayableBody) {

	// Traits are immutable and there are eight of them: made once, so that describing a request allocates nothing.
	private static final RequestTraits[] SHARED = new RequestTraits[8];

	static {
		for (int i = 0; i < SHARED.length; i++) {
			SHARED[i] = new RequestTraits((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
		}
	}

	/**
	 * Return the shared traits with the given values.
	 * @param idempotent whether the request's method is idempotent
	 * @param idempotencyKey whether it carries an idempotency key
	 * @param replayableBody whether its body, if any, can be sent again
	 * @return the traits, shared by every request that has them
	 */
	public static RequestTraits of(boolean idempotent, boolean idempotencyKey, boolean replayableBody) {
		return SHARED[(idempotent ? 4 : 0) | (idempotencyKey ? 2 : 0) | (replayableBody ? 1 : 0)];
	}

	/**
	 * Return these traits with a body that can no longer be sent: an attempt read a body that cannot be
	 * read twice.
	 * @return the request traits
	 */
	public RequestTraits withBodyUsedUp() {
		return of(this.idempotent, this.idempotencyKey, false);
	}

	/**
	 * Describe an HTTP request.
	 * @param method the request method, as sent (methods are case-sensitive)
	 * @param idempotencyHeaderValue the value of the idempotency header, {@code null} if absent; a blank
	 * value counts as absent
	 * @param replayableBody whether the body (if any) can be sent again
	 * @return the request traits
	 */
	public static RequestTraits ofHttp(String method, @Nullable String idempotencyHeaderValue, boolean replayableBody) {
		return of(IdempotencyRules.isIdempotentMethod(method), hasKey(idempotencyHeaderValue), replayableBody);
	}

	/**
	 * Return these traits with the idempotency key decided by the value of the idempotency header.
	 * @param idempotencyHeaderValue the header's value, {@code null} if absent; a blank value counts as absent
	 * @return the request traits
	 */
	public RequestTraits withIdempotencyKey(@Nullable String idempotencyHeaderValue) {
		return of(this.idempotent, hasKey(idempotencyHeaderValue), this.replayableBody);
	}

	private static boolean hasKey(@Nullable String idempotencyHeaderValue) {
		return idempotencyHeaderValue != null && !idempotencyHeaderValue.isBlank();
	}

}
