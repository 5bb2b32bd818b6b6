package dev.resetguard.http.client;

import java.util.Objects;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.socket.SocketInstrumentation;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;

/**
 * Decorates the Apache HttpClient 5 clients that Boot builds for {@code RestClient} and
 * {@code RestTemplate}: their pooled connections record every reset with full connection facts, their
 * own automatic retries are off (every attempt on the wire is Reset Guard's, so attempts, backoff and
 * budget are what the meters say), and with adaptive idle a pooled connection is retired before lease
 * once its peer has likely dropped it. Applying it twice changes nothing.
 * <p>
 * It replaces the connection manager's connection factory; a customizer applied after it that sets
 * its own connection factory switches the connection facts off again.
 */
public final class ResetGuardHttpComponentsCustomizer
		implements ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> {

	private final InstrumentedConnectionFactory connectionFactory;

	private final boolean adaptiveIdle;

	/**
	 * Create a customizer.
	 * @param instrumentation the instrumentation of the connections' streams; resets outside a decorated
	 * call are tagged with its client kind
	 * @param idlePolicy the adaptive idle policy, {@code null} to never retire connections early
	 * @param metrics counts prevented resets
	 * @param defaultClient the client kind of prevented resets outside a decorated call
	 */
	public ResetGuardHttpComponentsCustomizer(SocketInstrumentation instrumentation,
			@Nullable AdaptiveIdlePolicy idlePolicy, ResetGuardMetrics metrics, ClientKind defaultClient) {
		this.connectionFactory = new InstrumentedConnectionFactory(Objects.requireNonNull(instrumentation, "instrumentation"),
				idlePolicy, Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(defaultClient, "defaultClient"));
		this.adaptiveIdle = idlePolicy != null;
	}

	@Override
	public HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder) {
		HttpComponentsClientHttpRequestFactoryBuilder customized = builder
			.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
			.withConnectionManagerCustomizer((manager) -> manager.setConnectionFactory(this.connectionFactory));
		if (this.adaptiveIdle) {
			// Apache then asks every pooled connection before lease; the connection answers from adaptive
			// idle and still runs Apache's probe only after its usual idle time.
			customized = customized
				.withConnectionConfigCustomizer((config) -> config.setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS));
		}
		return customized;
	}

}
