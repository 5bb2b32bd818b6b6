package dev.resetguard.retry;

import java.util.Set;

/**
 * Decides whether a request that was reset may be sent again without risking a duplicate effect at
 * the peer. Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) may; others only as
 * {@link NonIdempotentRetry} allows; a body that cannot be replayed never once a byte of the request left.
 */
public final class IdempotencyRules {

	private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

	private IdempotencyRules() {
	}

	/**
	 * Return whether an HTTP method is idempotent (RFC 9110, section 9.2.2). Unknown methods are not.
	 * @param method the method, as sent; methods are case-sensitive
	 * @return {@code true} for GET, HEAD, OPTIONS, PUT, DELETE and TRACE
	 */
	public static boolean isIdempotentMethod(String method) {
		return method != null && IDEMPOTENT_METHODS.contains(method);
	}

	/**
	 * Return whether a reset request may be retried.
	 * <p>
	 * Instrumentation counts request bytes, not body bytes, so "a body byte was sent" is taken to be
	 * "a request byte may have reached the peer": a streamed body is retried only when the request surely
	 * never left.
	 * @param request what about the request decides
	 * @param exposure how far the request may have got
	 * @param nonIdempotent the rule for requests that are not idempotent
	 * @return {@code true} if the request may be sent again
	 */
	public static boolean mayRetry(RequestTraits request, RequestExposure exposure, NonIdempotentRetry nonIdempotent) {
		boolean reachedPeer = exposure.mayHaveReachedPeer();
		if (!request.replayableBody() && reachedPeer) {
			return false;
		}
		if (request.idempotent()) {
			return true;
		}
		return switch (nonIdempotent) {
			case NEVER -> false;
			case SAFE_ONLY -> !reachedPeer || request.idempotencyKey();
			case ALWAYS -> true;
		};
	}

}
