package dev.resetguard.web.reactive;

import java.time.Duration;
import java.util.function.Function;

import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.forensics.PeerRegistry;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive idle scenario: the client pauses longer than the peer's idle timeout between calls. When
 * the peer closes idle connections itself (chaos idle timeout, RST or FIN), Reactor Netty's event loop
 * sees the close while the connection sits in the pool, and no call meets a stale connection, prevention
 * or not. When a middlebox forgets idle connections silently (a NAT-like proxy), every call after a pause
 * meets a stale connection, until adaptive idle has learned the timeout from the first one and the pool's
 * eviction retires idle connections before they are leased.
 */
@ExtendWith(ChaosServerExtension.class)
class WebClientAdaptiveIdleScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(WebClientAdaptiveIdleScenarioTests.class);

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(150);

	// Well above the idle timeout, and far enough from it that a loaded machine's delays cannot blur the two.
	private static final Duration PAUSE = Duration.ofMillis(400);

	private static final int CALLS = 6;

	private final RecordedResets resets = new RecordedResets();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(RecordedResets.class, () -> this.resets)
		// A floor below the scenario's pauses, so that what is learned can take effect, and a wide margin,
		// as a loaded machine can stretch the pause that teaches well beyond the later ones. The same
		// floor as min-idle, so that a reset after a pause is taken for an idle timeout.
		.withBean(AdaptiveIdlePolicy.class,
				() -> new AdaptiveIdlePolicy(0.75, Duration.ofMillis(50), PeerRegistry.DEFAULT_MAX_PEERS))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "reset-guard.retry.initial-backoff=5ms",
				"reset-guard.retry.max-backoff=20ms", "reset-guard.cause.restart-min-connections=1000",
				"reset-guard.prevention.min-idle=50ms");

	@Test
	void silentDropWithoutPreventionMeetsAStaleConnectionAfterEveryPause(ChaosServer server) throws Exception {
		try (SilentDropProxy proxy = new SilentDropProxy(server.address(), IDLE_TIMEOUT)) {
			Outcome outcome = scenario("silent drop", HttpMethod.GET, false, proxy::url);
			assertThat(outcome.staleResets()).isEqualTo(CALLS - 1);
			assertThat(outcome.failed()).isZero();
			assertThat(outcome.prevented()).isZero();
		}
	}

	@Test
	void silentDropWithPreventionMeetsOneStaleConnectionThenRetiresThemBeforeUse(ChaosServer server)
			throws Exception {
		try (SilentDropProxy proxy = new SilentDropProxy(server.address(), IDLE_TIMEOUT)) {
			Outcome outcome = scenario("silent drop", HttpMethod.GET, true, proxy::url);
			assertThat(outcome.staleResets()).isEqualTo(1);
			assertThat(outcome.failed()).isZero();
			assertThat(outcome.prevented()).isEqualTo(CALLS - 2);
		}
	}

	@Test
	void silentDropWithoutPreventionFailsEveryPostThatMeetsAStaleConnection(ChaosServer server) throws Exception {
		try (SilentDropProxy proxy = new SilentDropProxy(server.address(), IDLE_TIMEOUT)) {
			Outcome outcome = scenario("silent drop", HttpMethod.POST, false, proxy::url);
			// A failed POST leaves no connection in the pool, so every other call opens a fresh one.
			assertThat(outcome.staleResets()).isEqualTo(CALLS / 2);
			assertThat(outcome.failed()).isEqualTo(CALLS / 2);
		}
	}

	@Test
	void silentDropWithPreventionFailsOnlyThePostThatTaughtTheTimeout(ChaosServer server) throws Exception {
		try (SilentDropProxy proxy = new SilentDropProxy(server.address(), IDLE_TIMEOUT)) {
			Outcome outcome = scenario("silent drop", HttpMethod.POST, true, proxy::url);
			assertThat(outcome.staleResets()).isEqualTo(1);
			assertThat(outcome.failed()).isEqualTo(1);
			assertThat(outcome.prevented()).isEqualTo(CALLS - 3);
		}
	}

	@Test
	void peerResettingIdleConnectionsIsNoticedInThePoolWithoutPrevention(ChaosServer server) {
		server.idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
		assertThat(scenario("idle RST", HttpMethod.GET, false, server::url).staleResets()).isZero();
	}

	@Test
	void peerResettingIdleConnectionsIsNoticedInThePoolWithPrevention(ChaosServer server) {
		server.idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
		Outcome outcome = scenario("idle RST", HttpMethod.GET, true, server::url);
		assertThat(outcome.staleResets()).isZero();
		assertThat(outcome.prevented()).isZero();
	}

	@Test
	void peerClosingIdleConnectionsIsNoticedInThePoolWithoutPrevention(ChaosServer server) {
		server.idleTimeout(IDLE_TIMEOUT, CloseMode.FIN);
		assertThat(scenario("idle FIN", HttpMethod.GET, false, server::url).staleResets()).isZero();
	}

	@Test
	void peerClosingIdleConnectionsIsNoticedInThePoolWithPrevention(ChaosServer server) {
		server.idleTimeout(IDLE_TIMEOUT, CloseMode.FIN);
		Outcome outcome = scenario("idle FIN", HttpMethod.GET, true, server::url);
		assertThat(outcome.staleResets()).isZero();
		assertThat(outcome.prevented()).isZero();
	}

	/**
	 * Make {@link #CALLS} calls, pausing longer than the idle timeout between them. A GET that meets a
	 * stale connection is retried; a POST whose request went out on one is not, under {@code safe-only}.
	 */
	private Outcome scenario(String name, HttpMethod method, boolean prevention, Function<String, String> url) {
		Outcome[] outcome = new Outcome[1];
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=" + prevention).run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			int failed = 0;
			for (int i = 0; i < CALLS; i++) {
				if (i > 0) {
					Thread.sleep(PAUSE.toMillis());
				}
				WebClient.RequestBodySpec request = client.method(method).uri(url.apply("/call"));
				if (method == HttpMethod.POST) {
					request.bodyValue("call " + i);
				}
				try {
					request.retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
				}
				catch (RuntimeException ex) {
					failed++;
				}
			}
			long stale = this.resets.events().stream().map(ResetEvent::cause)
				.filter(ResetCause.STALE_CONNECTION::equals).count();
			double prevented = Search.in(context.getBean(MeterRegistry.class))
				.name(ResetGuardMeters.PREVENTED.getName())
				.counters()
				.stream()
				.mapToDouble((counter) -> counter.count())
				.sum();
			outcome[0] = new Outcome(stale, failed, (long) prevented);
			logger.info("Adaptive idle scenario, {}, {}s, prevention {}: {} calls, {} stale resets, {} failed calls, "
					+ "{} connections retired early", name, method, prevention ? "on" : "off", CALLS, stale, failed,
					(long) prevented);
		});
		return outcome[0];
	}

	private record Outcome(long staleResets, int failed, long prevented) {
	}

}
