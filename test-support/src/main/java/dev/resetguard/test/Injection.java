package dev.resetguard.test;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One fault a {@link ChaosServer} injected, as recorded in its {@link ChaosLedger} just before the
 * connection was reset or closed.
 *
 * @param connectionId server-assigned id of the connection, starting at 1
 * @param kind what was done
 * @param bytesRead for request-level kinds in HTTP mode, request body bytes read in the cut exchange;
 * otherwise application bytes read over the whole connection
 * @param bytesWritten for request-level kinds in HTTP mode, response body bytes written in the cut exchange;
 * otherwise application bytes written over the whole connection
 * @param at when the injection was recorded
 * @param method method of the request in progress, {@code null} when no request was in progress
 * @param path path (without query) of the request in progress, {@code null} when no request was in progress
 */
public record Injection(long connectionId, ToxicKind kind, long bytesRead, long bytesWritten, Instant at,
		@Nullable String method, @Nullable String path) {

}
