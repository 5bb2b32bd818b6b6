package dev.resetguard.reliability.load;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpMethod;

/**
 * One call as its caller saw it.
 *
 * @param client the client that made it
 * @param method GET or POST
 * @param requestId its unique id
 * @param startNanos when it started ({@link System#nanoTime()})
 * @param endNanos when it ended
 * @param succeeded whether it returned the whole expected body
 * @param failure what it threw, {@code null} if it returned
 * @param reset whether Reset Guard's classifier sees a reset in the failure
 */
record CallRecord(ClientKind client, HttpMethod method, String requestId, long startNanos, long endNanos,
		boolean succeeded, Throwable failure, boolean reset) {

	long durationNanos() {
		return this.endNanos - this.startNanos;
	}

}
