package dev.resetguard.netty;

import java.util.Objects;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;

/**
 * Instruments the Reactor Netty {@code HttpClient} behind Boot's auto-configured {@code ClientHttpConnector},
 * which every {@code WebClient} built from Boot's {@code WebClient.Builder} uses: channel-level forensics,
 * attempts bound to the channels that serve them, Reactor Netty's own retry off, and, with adaptive idle,
 * Reset Guard's connection pool whose eviction retires connections before their peer's idle timeout.
 * <p>
 * The pool replaces the one Boot's {@code ReactorResourceFactory} provides (the event loops stay Boot's),
 * because a pool's eviction predicate is fixed when the pool is built; it has Reactor Netty's default
 * settings and the replaced pool's size (500 connections). This customizer must therefore run after Boot's
 * own, which its auto-configuration ensures.
 */
public final class ResetGuardClientHttpConnectorBuilderCustomizer
		implements ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> {

	private final ReactorNettyInstrumentation instrumentation;

	/**
	 * Create a customizer that applies the given instrumentation.
	 * @param instrumentation the instrumentation
	 */
	public ResetGuardClientHttpConnectorBuilderCustomizer(ReactorNettyInstrumentation instrumentation) {
		this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
	}

	@Override
	public ReactorClientHttpConnectorBuilder customize(ReactorClientHttpConnectorBuilder builder) {
		ReactorClientHttpConnectorBuilder instrumented = builder
			.withHttpClientCustomizer(this.instrumentation::instrument);
		ConnectionProvider pool = this.instrumentation.connectionProvider();
		return (pool != null) ? instrumented.withHttpClientFactory(() -> HttpClient.create(pool)) : instrumented;
	}

}
