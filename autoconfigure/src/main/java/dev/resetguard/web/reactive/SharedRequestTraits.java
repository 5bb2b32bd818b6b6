package dev.resetguard.web.reactive;

import dev.resetguard.retry.RequestTraits;

/**
 * The eight possible {@link RequestTraits}, made once: traits are immutable, so every call can share them.
 */
final class SharedRequestTraits {

	private static final RequestTraits[] ALL = new RequestTraits[8];

	static {
		for (int i = 0; i < ALL.length; i++) {
			ALL[i] = new RequestTraits((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
		}
	}

	private SharedRequestTraits() {
	}

	/**
	 * Return the traits with the given values.
	 * @param idempotent whether the request's method is idempotent
	 * @param idempotencyKey whether it carries an idempotency key
	 * @param replayableBody whether its body, if any, can be sent again
	 * @return the shared traits
	 */
	static RequestTraits of(boolean idempotent, boolean idempotencyKey, boolean replayableBody) {
		return ALL[(idempotent ? 4 : 0) | (idempotencyKey ? 2 : 0) | (replayableBody ? 1 : 0)];
	}

}
