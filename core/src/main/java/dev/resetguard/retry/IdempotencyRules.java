package dev.resetguard.retry;

import java.util.Set;

/**
 * Decides whether a request that was reset may be sent again without risking a duplicate effect at
 * the peer. Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) may; others only as
 * {@link NonIdempotentRetry} allows; a body that cannot be replayed never, whatever the phase of the reset.
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
	 * A body that cannot be sent again is never retried, even when no request byte left: a client reads a
	 * body into its own buffer before its first socket write, so a write that failed with nothing sent may
	 * still have used the body up. A client that knows no attempt read the body yet describes it as
	 * replayable (see {@link RequestTraits#replayableBody()}).
	 * @param request what about the request decides
	 * @param exposure how far the request may have got
	 * @param nonIdempotent the rule for requests that are not idempotent
	 * @return {@code true} if the request may be sent again
	 */
	public static boolean mayRetry(RequestTraits request, RequestExposure exposure, NonIdempotentRetry nonIdempotent) {
		boolean reachedPeer = exposure.mayHaveReachedPeer();
		if (!request.replayableBody()) {
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
