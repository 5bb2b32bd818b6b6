package dev.resetguard.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLException;

import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.test.ChaosOptions;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the channel instrumentation of Boot's auto-configured Reactor Netty connector records: the steps of
 * each connection in order, as a {@link ConnectionListener} bean sees them, and the facts of a reset.
 */
@ExtendWith(ChaosServerExtension.class)
class WebClientConnectionTraceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final RecordedResets resets = new RecordedResets();

	private final Steps steps = new Steps();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(RecordedResets.class, () -> this.resets)
		.withBean(Steps.class, () -> this.steps)
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "reset-guard.retry.initial-backoff=5ms",
				"reset-guard.retry.max-backoff=20ms", "reset-guard.cause.restart-min-connections=1000",
				// Idle timeouts of a few hundred milliseconds, below the default min-idle.
				"reset-guard.prevention.min-idle=50ms");

	@Test
	void keepAliveExchangesShareOneConnectionAndTraceTheirStepsInOrder(ChaosServer server) {
		// A pool of one connection, so that the second exchange waits for the first one's connection.
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false")
			.withBean(ReactorResourceFactory.class, () -> {
				ReactorResourceFactory factory = new ReactorResourceFactory();
				factory.setUseGlobalResources(false);
				factory.setConnectionProvider(ConnectionProvider.create("one-connection", 1));
				factory.setShutdownQuietPeriod(Duration.ZERO);
				return factory;
			})
			.run((context) -> {
				WebClient client = context.getBean(WebClient.Builder.class).build();
				assertThat(get(client, server.url("/first"))).isEqualTo("ok");
				assertThat(get(client, server.url("/second"))).isEqualTo("ok");
			});
		assertThat(this.steps.names()).containsExactly("ConnectStart", "ConnectEnd", "RequestStart", "ResponseStart",
				"RequestStart", "ResponseStart", "ConnectionClosed");
		assertThat(this.steps.traces()).allSatisfy((trace) -> assertThat(trace.exchanges()).isEqualTo(2));
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(1);
		assertThat(this.resets.events()).isEmpty();
	}

	@Test
	void staleConnectionResetCarriesReuseIdleTimeAndBytes(ChaosServer server) throws Exception {
		Duration pause = Duration.ofMillis(300);
		try (SilentDropProxy proxy = new SilentDropProxy(server.address(), Duration.ofMillis(150))) {
			this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false").run((context) -> {
				WebClient client = context.getBean(WebClient.Builder.class).build();
				assertThat(get(client, proxy.url("/first"))).isEqualTo("ok");
				Thread.sleep(pause.toMillis());
				assertThat(get(client, proxy.url("/second"))).isEqualTo("ok");
			});
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(event.facts().reused()).isTrue();
		assertThat(event.facts().idleBeforeUse()).isGreaterThanOrEqualTo(pause);
		assertThat(event.facts().bytesSent()).isPositive();
		assertThat(event.facts().bytesReceived()).isZero();
		assertThat(event.facts().localAddress()).startsWith("127.0.0.1:");
		assertThat(event.attempt()).isEqualTo(1);
	}

	@Test
	void resetAfterClientHelloIsTlsHandshakePhaseAndEvenPostIsRetried(@ChaosOptions(raw = true) ChaosServer server) {
		// A raw server that resets once it has read the first bytes, here the ClientHello: deterministic,
		// unlike a TLS server resetting on accept, where the RST can also win against connect completion.
		server.always(Toxic.resetAfterRequestHead());
		String url = "https://" + server.host() + ":" + server.port() + "/tls";
		this.contextRunner.run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			catchThrowable(() -> client.post().uri(url).bodyValue("hello").retrieve().bodyToMono(String.class)
				.block(TIMEOUT));
		});
		List<ResetEvent> events = this.resets.events();
		assertThat(events).hasSize(3).extracting(ResetEvent::phase).containsOnly(ResetPhase.TLS_HANDSHAKE);
		assertThat(events).extracting(ResetEvent::cause).containsOnly(ResetCause.CONNECT_REJECTED);
		assertThat(this.steps.names()).startsWith("ConnectStart", "ConnectEnd", "HandshakeStart")
			.doesNotContain("HandshakeEnd", "ResponseStart");
	}

	@Test
	void resetAfterRequestHeadOverTlsCountsPlaintextBytes(@ChaosOptions(tls = true) ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner.withBean("trustChaos", ClientHttpConnectorBuilderCustomizer.class, () -> trusting(server))
			.withPropertyValues("reset-guard.retry.max-attempts=1")
			.run((context) -> {
				WebClient client = context.getBean(WebClient.Builder.class).build();
				catchThrowable(() -> get(client, server.url("/tls")));
			});
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		// The request head as the HTTP codec wrote it, not the TLS records that carried it.
		assertThat(event.facts().bytesSent()).isBetween(40L, 200L);
		assertThat(this.steps.names()).startsWith("ConnectStart", "ConnectEnd", "HandshakeStart", "HandshakeEnd",
				"RequestStart", "ConnectionReset", "ConnectionClosed");
	}

	private static ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> trusting(
			ChaosServer server) {
		SslContext sslContext;
		try {
			sslContext = SslContextBuilder.forClient().trustManager(server.tls().trustManager()).build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
		return (builder) -> builder
			.withHttpClientCustomizer((httpClient) -> httpClient.secure((spec) -> spec.sslContext(sslContext)));
	}

	private static String get(WebClient client, String url) {
		return client.get().uri(url).retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

	/**
	 * Records each connection step by name, and the traces seen.
	 */
	static final class Steps implements ConnectionListener {

		private final List<String> names = new CopyOnWriteArrayList<>();

		private final List<ConnectionTrace> traces = new CopyOnWriteArrayList<>();

		List<String> names() {
			return List.copyOf(this.names);
		}

		List<ConnectionTrace> traces() {
			return List.copyOf(this.traces);
		}

		@Override
		public void connectStart(ConnectionTrace trace) {
			this.traces.add(trace);
			this.names.add("ConnectStart");
		}

		@Override
		public void connectEnd(ConnectionTrace trace) {
			this.names.add("ConnectEnd");
		}

		@Override
		public void connectFailed(ConnectionTrace trace, java.io.IOException failure) {
			this.names.add("ConnectFailed");
		}

		@Override
		public void handshakeStart(ConnectionTrace trace) {
			this.names.add("HandshakeStart");
		}

		@Override
		public void handshakeEnd(ConnectionTrace trace) {
			this.names.add("HandshakeEnd");
		}

		@Override
		public void requestStart(ConnectionTrace trace) {
			this.names.add("RequestStart");
		}

		@Override
		public void responseStart(ConnectionTrace trace) {
			this.names.add("ResponseStart");
		}

		@Override
		public void connectionReset(ConnectionTrace trace, ResetEvent event) {
			this.names.add("ConnectionReset");
		}

		@Override
		public void connectionClosed(ConnectionTrace trace) {
			this.names.add("ConnectionClosed");
		}

	}

}
