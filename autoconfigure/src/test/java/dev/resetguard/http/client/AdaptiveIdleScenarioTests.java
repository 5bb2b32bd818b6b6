package dev.resetguard.http.client;

import java.time.Duration;

import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.ToxicKind;
import dev.resetguard.web.client.DecoratedClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.client.RestClient;

import static dev.resetguard.web.client.DecoratedClients.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that closes keep-alive connections idle for {@value #IDLE_TIMEOUT_MILLIS} ms, called by a
 * client that pauses {@value #PAUSE_MILLIS} ms between calls (less than the 2 s after which Apache
 * probes a pooled connection itself): without prevention every call after a pause meets a stale
 * connection; with adaptive idle the first stale reset teaches the peer's idle timeout and every later
 * pooled connection is retired before lease. The policy's floor is lowered to fit the short test
 * timings (production keeps its one-second floor) and its margin widened to half the learned timeout,
 * as the first pause of a cold JVM can take longer than the later ones it teaches about.
 */
@ExtendWith(ChaosServerExtension.class)
class AdaptiveIdleScenarioTests {

	private static final int CALLS = 8;

	private static final long IDLE_TIMEOUT_MILLIS = 150;

	private static final long PAUSE_MILLIS = 250;

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void staleResetsStopOnceThePeersIdleTimeoutIsLearned(CloseMode mode, ChaosServer server) {
		// The scenario's idle timeout is a few hundred milliseconds, below the default min-idle that otherwise
		// decides when a reset after a pause (a FIN shows no close before the request) is an idle timeout.
		DecoratedClients.runner().withPropertyValues("reset-guard.prevention.min-idle=50ms")
			.withBean(AdaptiveIdlePolicy.class, () -> new AdaptiveIdlePolicy(0.5, Duration.ofMillis(50), 16))
			.run((context) -> {
				callWithPauses(context, server, mode);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(staleResets(registry)).isOne();
				assertThat(total(registry, "reset.guard.prevented", "client", "rest-client")).isEqualTo(CALLS - 2);
				assertThat(server.ledger().count(idleClose(mode))).isEqualTo(CALLS - 1);
				assertThat(context.getBean(AdaptiveIdlePolicy.class).learnedIdleTimeout(peer(server)))
					.hasValueSatisfying((learned) -> assertThat(learned)
						.isBetween(Duration.ofMillis(PAUSE_MILLIS), Duration.ofMillis(2 * PAUSE_MILLIS)));
				assertThat(total(registry, "reset.guard.calls", "outcome", "success")
						+ total(registry, "reset.guard.calls", "outcome", "recovered"))
					.isEqualTo(CALLS);
			});
	}

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void withoutPreventionEveryCallAfterAPauseMeetsAStaleConnection(CloseMode mode, ChaosServer server) {
		DecoratedClients.runner()
			.withPropertyValues("reset-guard.prevention.adaptive-idle=false", "reset-guard.prevention.min-idle=50ms")
			.run((context) -> {
				callWithPauses(context, server, mode);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(staleResets(registry)).isEqualTo(CALLS - 1);
				assertThat(total(registry, "reset.guard.prevented")).isZero();
				assertThat(total(registry, "reset.guard.calls", "outcome", "recovered")).isEqualTo(CALLS - 1);
			});
	}

	private static void callWithPauses(AssertableApplicationContext context, ChaosServer server, CloseMode mode)
			throws InterruptedException {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		server.idleTimeout(Duration.ofMillis(IDLE_TIMEOUT_MILLIS), mode);
		for (int i = 0; i < CALLS; i++) {
			if (i > 0) {
				Thread.sleep(PAUSE_MILLIS);
			}
			assertThat(client.get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
		}
		server.clearIdleTimeout();
	}

	private static long staleResets(MeterRegistry registry) {
		return total(registry, "reset.guard.resets", "cause", "stale-connection");
	}

	private static ToxicKind idleClose(CloseMode mode) {
		return (mode == CloseMode.RST) ? ToxicKind.IDLE_CLOSE_RST : ToxicKind.IDLE_CLOSE_FIN;
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
