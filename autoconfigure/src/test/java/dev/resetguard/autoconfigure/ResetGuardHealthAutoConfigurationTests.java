package dev.resetguard.autoconfigure;

import java.net.SocketException;
import java.util.Map;

import dev.resetguard.ResetGuard;
import dev.resetguard.actuate.PeerDescriptor;
import dev.resetguard.actuate.ResetGuardHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.map;

class ResetGuardHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class, ResetGuardCoreAutoConfiguration.class,
				ResetGuardObservabilityAutoConfiguration.class, ResetGuardHealthAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void providesIndicatorNamedForTheResetGuardComponent() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ResetGuardHealthIndicator.class)
			.hasBean("resetGuardHealthIndicator"));
	}

	@Test
	void switchedOffByItsManagementHealthProperty() {
		this.contextRunner.withPropertyValues("management.health.resetguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardHealthIndicator.class));
	}

	@Test
	void switchedOffWithEveryDefaultIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardHealthIndicator.class));
	}

	@Test
	void enabledOnItsOwnWhenDefaultIndicatorsAreOff() {
		this.contextRunner
			.withPropertyValues("management.health.defaults.enabled=false", "management.health.resetguard.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ResetGuardHealthIndicator.class));
	}

	@Test
	void switchedOffWithResetGuard() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResetGuardHealthIndicator.class));
	}

	@Test
	void backsOffWhenUserDefinesTheIndicatorBean() {
		HealthIndicator userIndicator = () -> Health.up().build();
		this.contextRunner.withBean("resetGuardHealthIndicator", HealthIndicator.class, () -> userIndicator)
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardHealthIndicator.class)
				.getBean("resetGuardHealthIndicator")
				.isSameAs(userIndicator));
	}

	@Test
	void upWithoutCalls() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(ResetGuardHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("peers", Map.of());
		});
	}

	@Test
	void degradedAndDownFollowTheThresholdsFromProperties() {
		this.contextRunner
			.withPropertyValues("reset-guard.health.min-calls=4", "reset-guard.health.degraded-ratio=0.25",
					"reset-guard.health.down-ratio=0.5", "reset-guard.retry.max-attempts=1")
			.run((context) -> {
				ResetGuard guard = context.getBean(ResetGuard.class);
				ResetGuardHealthIndicator indicator = context.getBean(ResetGuardHealthIndicator.class);
				for (int call = 0; call < 3; call++) {
					guard.call("api.internal:443", () -> "ok");
				}
				// Only the ratio matters here, so the resets need not come from the network.
				reset(guard);
				assertThat(indicator.health().getStatus()).isEqualTo(ResetGuardHealthIndicator.DEGRADED);
				reset(guard);
				reset(guard);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(indicator.health().getDetails()).extractingByKey("peers")
					.asInstanceOf(map(String.class, PeerDescriptor.class))
					.extractingByKey("api.internal:443")
					.satisfies((peer) -> {
						assertThat(peer.status()).isEqualTo("DOWN");
						assertThat(peer.calls()).isEqualTo(6);
						assertThat(peer.resets()).isEqualTo(3);
						assertThat(peer.ratio()).isEqualTo(0.5);
						assertThat(peer.dominantCause()).isEqualTo("unknown");
					});
			});
	}

	@Test
	void fewCallsNeverChangeTheStatus() {
		this.contextRunner.withPropertyValues("reset-guard.retry.max-attempts=1").run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			for (int call = 0; call < 9; call++) {
				reset(guard);
			}
			Health health = context.getBean(ResetGuardHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).extractingByKey("peers").asString().contains("api.internal:443");
		});
	}

	private static void reset(ResetGuard guard) {
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> guard.call("api.internal:443", () -> {
			throw new SocketException("Connection reset");
		}));
	}

}
