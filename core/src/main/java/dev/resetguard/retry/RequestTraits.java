package dev.resetguard.retry;

/**
 * What about a request decides whether it is safe to repeat: whether its method is idempotent, whether
 * it carries an idempotency key, and whether its body can be sent again.
 *
 * @param idempotent whether repeating the request has the same effect as sending it once
 * @param idempotencyKey whether it carries a non-blank idempotency header, so the peer can recognise a repeat
 * @param replayableBody whether its body (if any) can be sent again; {@code false} for a streamed body
 */
public record RequestTraits(boolean idempotent, boolean idempotencyKey, boolean replayableBody) {

	/**
	 * Describe an HTTP request.
	 * @param method the request method, as sent (methods are case-sensitive)
	 * @param idempotencyHeaderValue the value of the idempotency header, or {@code null} if absent; a blank
	 * value counts as absent
	 * @param replayableBody whether the body (if any) can be sent again
	 * @return the request traits
	 */
	public static RequestTraits ofHttp(String method, String idempotencyHeaderValue, boolean replayableBody) {
		return new RequestTraits(IdempotencyRules.isIdempotentMethod(method), false, replayableBody)
			.withIdempotencyKey(idempotencyHeaderValue);
	}

	/**
	 * Return these traits with the idempotency key decided by the value of the idempotency header.
	 * @param idempotencyHeaderValue the header's value, or {@code null} if absent; a blank value counts as absent
	 * @return the request traits
	 */
	public RequestTraits withIdempotencyKey(String idempotencyHeaderValue) {
		return new RequestTraits(this.idempotent, idempotencyHeaderValue != null && !idempotencyHeaderValue.isBlank(),
				this.replayableBody);
	}

}
