package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.CallRetries;
import dev.resetguard.ResetGuard;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.NonIdempotentRetry;
import dev.resetguard.retry.PeerRetrySettings;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

@ExtendWith(ChaosServerExtension.class)
class ResetGuardCoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class, ResetGuardCoreAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void providesTheSharedBeans() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ResetClassifier.class)
			.hasSingleBean(CauseInference.class)
			.hasSingleBean(PeerRetrySettings.class)
			.hasSingleBean(RetryBudgets.class)
			.hasSingleBean(ResetGuardMetrics.class)
			.hasSingleBean(ResetRecorder.class)
			.hasSingleBean(ResetGuard.class));
	}

	@Test
	void keepsItsObservationsOutOfMetrics() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("resetGuardObservationMeterFilter")
			.getBean("resetGuardObservationMeterFilter")
			.isInstanceOf(MeterFilter.class));
	}

	@Test
	void providesAdaptiveIdlePolicyByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(AdaptiveIdlePolicy.class));
	}

	@Test
	void adaptiveIdleSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AdaptiveIdlePolicy.class));
	}

	@Test
	void providesRestartRideThroughByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RestartRideThrough.class));
	}

	@Test
	void rideThroughSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("reset-guard.restart.ride-through=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RestartRideThrough.class)
				.hasSingleBean(ResetGuard.class));
	}

	@Test
	void backsOffWhenUserDefinesClassifier() {
		ResetClassifier userClassifier = new ResetClassifier();
		this.contextRunner.withBean(ResetClassifier.class, () -> userClassifier)
			.run((context) -> assertThat(context).getBean(ResetClassifier.class).isSameAs(userClassifier));
	}

	@Test
	void backsOffWhenUserDefinesResetGuard() {
		ResetGuard userGuard = ResetGuard.builder().build();
		this.contextRunner.withBean(ResetGuard.class, () -> userGuard)
			.run((context) -> assertThat(context).getBean(ResetGuard.class).isSameAs(userGuard));
	}

	@Test
	void resetGuardStartsItsCallsWithTheCallRetriesBean() throws Exception {
		List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
		CallOutcomeListener recording = (client, peer, outcome) -> outcomes.add(outcome);
		this.contextRunner
			.withBean(CallRetries.class,
					() -> new CallRetries((peer) -> RetrySettings.ofDefaults(), new RetryBudgets(RetrySettings.ofDefaults()),
							new ResetGuardMetrics(new SimpleMeterRegistry()), recording))
			.run((context) -> {
				assertThat(context.getBean(ResetGuard.class).call("localhost:8080", () -> "answered"))
					.isEqualTo("answered");
				assertThat(outcomes).containsExactly(CallOutcome.SUCCESS);
			});
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuard.class)
				.doesNotHaveBean(ResetRecorder.class)
				.doesNotHaveBean(ResetClassifier.class));
	}

	@Test
	void peerOverridesReachTheRetrySettings() {
		this.contextRunner
			.withInitializer(RawProperties.of("reset-guard.retry.non-idempotent=never",
					"reset-guard.peers.[Payments.Internal:443].retry.max-attempts=5"))
			.run((context) -> {
				PeerRetrySettings settings = context.getBean(PeerRetrySettings.class);
				assertThat(settings.apply("payments.internal:443").maxAttempts()).isEqualTo(5);
				assertThat(settings.apply("payments.internal:443").nonIdempotent()).isEqualTo(NonIdempotentRetry.NEVER);
				assertThat(settings.apply("other.internal:443").maxAttempts()).isEqualTo(3);
			});
	}

	@Test
	void retrySettingsWithoutPropertiesAreTheCoreDefaults() {
		this.contextRunner.run((context) -> assertThat(context.getBean(PeerRetrySettings.class).defaults())
			.isEqualTo(RetrySettings.ofDefaults()));
	}

	@Test
	void peerInheritsTheGlobalRetrySettingsItDoesNotOverride() {
		this.contextRunner
			.withInitializer(RawProperties.of("reset-guard.retry.initial-backoff=250ms",
					"reset-guard.peers.[payments.internal:443].retry.max-attempts=5"))
			.run((context) -> assertThat(context.getBean(PeerRetrySettings.class).apply("payments.internal:443"))
				.isEqualTo(RetrySettings.builder().initialBackoff(Duration.ofMillis(250)).maxAttempts(5).build()));
	}

	@Test
	void peerInheritsTheGlobalBudgetSettingsItDoesNotOverride() {
		this.contextRunner
			.withInitializer(RawProperties.of("reset-guard.retry.budget.min-per-second=20",
					"reset-guard.peers.[payments.internal:443].retry.budget.ratio=0.5"))
			.run((context) -> {
				RetrySettings settings = context.getBean(PeerRetrySettings.class).apply("payments.internal:443");
				assertThat(settings.budgetRatio()).isEqualTo(0.5);
				assertThat(settings.budgetMinPerSecond()).isEqualTo(20);
			});
	}

	@Test
	void peerOverridesEveryRetrySetting() {
		String peer = "reset-guard.peers.[payments.internal:443].retry.";
		this.contextRunner
			.withInitializer(RawProperties.of(peer + "max-attempts=7", peer + "initial-backoff=10ms",
					peer + "multiplier=1.5", peer + "max-backoff=9s", peer + "jitter=0", peer + "non-idempotent=always",
					peer + "idempotency-header=X-Request-Id", peer + "budget.ratio=1", peer + "budget.min-per-second=0"))
			.run((context) -> assertThat(context.getBean(PeerRetrySettings.class).apply("payments.internal:443"))
				.isEqualTo(RetrySettings.builder()
					.maxAttempts(7)
					.initialBackoff(Duration.ofMillis(10))
					.multiplier(1.5)
					.maxBackoff(Duration.ofSeconds(9))
					.jitter(0)
					.nonIdempotent(NonIdempotentRetry.ALWAYS)
					.idempotencyHeader("X-Request-Id")
					.budgetRatio(1)
					.budgetMinPerSecond(0)
					.build()));
	}

	@Test
	void resetGuardRetriesARealResetAndRecordsItInTheContextsRegistry(ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		this.contextRunner.withPropertyValues("reset-guard.retry.initial-backoff=1ms")
			.run((context) -> {
				ResetGuard guard = context.getBean(ResetGuard.class);
				String peer = server.host() + ":" + server.port();
				assertThat(guard.call(peer, () -> get(server))).isEqualTo("ok");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("reset.guard.resets").tag("client", "programmatic").counter().count())
					.isEqualTo(1.0);
				assertThat(registry.get("reset.guard.calls").tag("outcome", "recovered").counter().count()).isEqualTo(1.0);
				assertThat(registry.get("reset.guard.retries").counter().count()).isEqualTo(1.0);
			});
	}

	@Test
	void everyResetEventListenerBeanSeesResets(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		List<ResetEvent> seen = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("reset-guard.retry.max-attempts=1")
			.withBean("recordingListener", ResetEventListener.class, () -> seen::add)
			.run((context) -> {
				ResetGuard guard = context.getBean(ResetGuard.class);
				assertThatIOException().isThrownBy(() -> guard.call(server.host() + ":" + server.port(), () -> get(server)));
				assertThat(seen).hasSize(1);
			});
	}

	@Test
	void everyCallOutcomeListenerBeanSeesEachCallOnce(ChaosServer server) {
		List<String> outcomes = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withBean("recordingCalls", CallOutcomeListener.class,
					() -> (client, peer, outcome) -> outcomes.add(client.tagValue() + " " + outcome.tagValue()))
			.run((context) -> {
				ResetGuard guard = context.getBean(ResetGuard.class);
				guard.call(server.host() + ":" + server.port(), () -> get(server));
				assertThat(outcomes).containsExactly("programmatic success");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("reset.guard.calls").tag("outcome", "success").counter().count()).isEqualTo(1.0);
			});
	}

	private static String get(ChaosServer server) throws IOException {
		try (Socket socket = new Socket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			return response.substring(response.indexOf("\r\n\r\n") + 4);
		}
	}

}
