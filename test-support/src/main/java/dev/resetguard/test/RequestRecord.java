package dev.resetguard.test;

import org.jspecify.annotations.Nullable;

/**
 * One request head a {@link ChaosServer} read, as recorded in its {@link ChaosLedger}.
 *
 * @param connectionId server-assigned id of the connection that carried the request
 * @param method the request method
 * @param path the request path, without the query string
 * @param requestId value of the {@code X-Request-Id} header, else of {@code Idempotency-Key}, else {@code null}
 * @param bodyBytesRead request body bytes read so far
 * @param answered whether the complete response was handed to the network
 */
public record RequestRecord(long connectionId, String method, String path, @Nullable String requestId,
		long bodyBytesRead, boolean answered) {

}
