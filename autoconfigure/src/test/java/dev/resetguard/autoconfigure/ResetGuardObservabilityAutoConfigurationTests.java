package dev.resetguard.autoconfigure;

import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;

import javax.net.SocketFactory;

import dev.resetguard.ResetGuard;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.observe.HealthThresholds;
import dev.resetguard.observe.PeerStatistics;
import dev.resetguard.observe.PeerStatus;
import dev.resetguard.observe.PeerSummaries;
import dev.resetguard.observe.PeerSummary;
import dev.resetguard.observe.ResetLog;
import dev.resetguard.observe.ResetStatistics;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

@ExtendWith({ ChaosServerExtension.class, OutputCaptureExtension.class })
class ResetGuardObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class, ResetGuardCoreAutoConfiguration.class,
				ResetGuardObservabilityAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("reset-guard.retry.initial-backoff=1ms");

	@Test
	void providesResetLogStatisticsAndSummaries() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ResetLog.class)
			.hasSingleBean(ResetStatistics.class)
			.hasSingleBean(PeerSummaries.class));
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetLog.class)
				.doesNotHaveBean(ResetStatistics.class)
				.doesNotHaveBean(PeerSummaries.class));
	}

	@Test
	void backsOffWhenUserDefinesResetLog() {
		ResetLog userLog = new ResetLog(1);
		this.contextRunner.withBean(ResetLog.class, () -> userLog)
			.run((context) -> assertThat(context).getBean(ResetLog.class).isSameAs(userLog));
	}

	@Test
	void backsOffWhenUserDefinesStatistics() {
		ResetStatistics userStatistics = new ResetStatistics(Duration.ofSeconds(5), 1);
		this.contextRunner.withBean(ResetStatistics.class, () -> userStatistics).run((context) -> {
			assertThat(context).getBean(ResetStatistics.class).isSameAs(userStatistics);
			assertThat(context.getBean(PeerSummaries.class).statistics()).isSameAs(userStatistics);
		});
	}

	@Test
	void backsOffWhenUserDefinesSummaries() {
		PeerSummaries userSummaries = new PeerSummaries(new ResetStatistics(Duration.ofSeconds(5), 1),
				HealthThresholds.DEFAULTS, (peer) -> Optional.empty());
		this.contextRunner.withBean(PeerSummaries.class, () -> userSummaries)
			.run((context) -> assertThat(context).getBean(PeerSummaries.class).isSameAs(userSummaries));
	}

	@Test
	void statisticsWindowComesFromHealthWindow() {
		this.contextRunner.withPropertyValues("reset-guard.health.window=30s")
			.run((context) -> assertThat(context.getBean(ResetStatistics.class).window())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void resetGuardBeanFeedsTheStatisticsWithItsCallsAndResets(ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		this.contextRunner.run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			String peer = peer(server);
			assertThat(guard.call(peer, () -> RawHttp.get(SocketFactory.getDefault(), server))).isEqualTo("ok");
			guard.call(peer, () -> RawHttp.get(SocketFactory.getDefault(), server));
			PeerStatistics statistics = context.getBean(ResetStatistics.class).snapshot().get(0);
			assertThat(statistics.peer()).isEqualTo(peer);
			assertThat(statistics.calls()).isEqualTo(2);
			assertThat(statistics.resets()).isEqualTo(1);
			assertThat(statistics.causes()).containsOnlyKeys(ResetCause.UNKNOWN);
		});
	}

	@Test
	void resetGuardBeanTellsTheResetLogItsDecisions(ChaosServer server, CapturedOutput output) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner.run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			assertThatIOException().isThrownBy(() -> guard.call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server)));
			String prefix = "Connection to " + peer(server) + " reset (client programmatic, phase unknown, cause unknown, "
					+ "local port unknown, attempt ";
			assertThat(output).contains(prefix + "1): retrying in ")
				.contains(prefix + "2): retrying in ")
				.contains(prefix + "3): giving up. SocketException: Connection reset");
		});
	}

	@Test
	void resetLogLinesAreRateLimitedPerPeer(ChaosServer server, CapturedOutput output) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner.withPropertyValues("reset-guard.retry.max-attempts=1").run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			for (int call = 0; call < 6; call++) {
				assertThatIOException()
					.isThrownBy(() -> guard.call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server)));
			}
			assertThat(output.getOut().lines().filter((line) -> line.contains("Connection to " + peer(server) + " reset")))
				.hasSize(ResetLog.DEFAULT_LINES_PER_INTERVAL);
		});
	}

	@Test
	void summariesShowTheIdleTimeoutLearnedFromARealStaleConnection(ChaosServer server) {
		server.idleTimeout(Duration.ofMillis(300), CloseMode.RST);
		// The peer's idle timeout is below the default min-idle that makes a reset after a pause an idle timeout.
		this.contextRunner.withConfiguration(AutoConfigurations.of(ResetGuardSocketFactoryAutoConfiguration.class))
			.withPropertyValues("reset-guard.prevention.min-idle=200ms")
			.run((context) -> {
				SocketFactory factory = context.getBean("resetGuardSocketFactory", SocketFactory.class);
				try (RawHttp connection = RawHttp.open(factory, server)) {
					assertThat(connection.get("/")).isEqualTo("ok");
					Thread.sleep(600);
					assertThatIOException().isThrownBy(() -> connection.get("/"));
				}
				PeerSummary summary = context.getBean(PeerSummaries.class).all().get(0);
				assertThat(summary.dominantCause()).isEqualTo(ResetCause.STALE_CONNECTION);
				// What is learned is the idle time that met the reset, not the peer's timeout itself.
				assertThat(summary.learnedIdleTimeout()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
				assertThat(summary.advice()).startsWith("peer closes idle connections after about ")
					.endsWith(" ms; keep pool idle time below it");
			});
	}

	@Test
	void summariesWorkWithoutAdaptiveIdle() {
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false").run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			guard.call("api.internal:443", () -> "ok");
			assertThat(context.getBean(PeerSummaries.class).all()).singleElement()
				.satisfies((summary) -> assertThat(summary.learnedIdleTimeout()).isNull());
		});
	}

	@Test
	void healthThresholdsComeFromProperties() {
		this.contextRunner.withPropertyValues("reset-guard.health.min-calls=1", "reset-guard.health.degraded-ratio=0.4",
				"reset-guard.health.down-ratio=0.9", "reset-guard.retry.max-attempts=1")
			.run((context) -> {
				ResetGuard guard = context.getBean(ResetGuard.class);
				guard.call("api.internal:443", () -> "ok");
				// Only the ratio matters here, so the reset need not come from the network.
				assertThatExceptionOfType(SocketException.class).isThrownBy(() -> guard.call("api.internal:443", () -> {
					throw new SocketException("Connection reset");
				}));
				assertThat(context.getBean(PeerSummaries.class).all()).singleElement()
					.satisfies((summary) -> assertThat(summary.status()).isEqualTo(PeerStatus.DEGRADED));
			});
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
