package dev.resetguard.autoconfigure;

import javax.net.SocketFactory;

import dev.resetguard.ResetGuard;
import dev.resetguard.actuate.ResetsEndpoint.EventDescriptor;
import dev.resetguard.actuate.ResetsEndpoint;
import dev.resetguard.observe.RecentResets;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(ChaosServerExtension.class)
class ResetsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class, ResetGuardCoreAutoConfiguration.class,
				ResetGuardSocketFactoryAutoConfiguration.class, ResetGuardObservabilityAutoConfiguration.class,
				ResetsEndpointAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("reset-guard.retry.initial-backoff=1ms");

	private final ApplicationContextRunner exposedRunner = this.contextRunner
		.withPropertyValues("management.endpoints.web.exposure.include=resets");

	@Test
	void notAvailableUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ResetsEndpoint.class)
			.doesNotHaveBean(RecentResets.class));
	}

	@Test
	void availableWhenExposedOverHttp() {
		this.exposedRunner.run((context) -> assertThat(context).hasSingleBean(ResetsEndpoint.class)
			.hasSingleBean(RecentResets.class));
	}

	@Test
	void switchedOffByItsAccessProperty() {
		this.exposedRunner.withPropertyValues("management.endpoint.resets.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetsEndpoint.class));
	}

	@Test
	void switchedOffWithResetGuard() {
		this.exposedRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetsEndpoint.class));
	}

	@Test
	void backsOffWithoutTheActuator() {
		this.exposedRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RecentResets.class));
	}

	@Test
	void backsOffWhenUserDefinesRecentResets() {
		RecentResets userResets = new RecentResets(1);
		this.exposedRunner.withBean(RecentResets.class, () -> userResets)
			.run((context) -> assertThat(context).getBean(RecentResets.class).isSameAs(userResets));
	}

	@Test
	void keepsAsManyResetsAsEventsCapacity() {
		this.exposedRunner.withPropertyValues("reset-guard.events.capacity=16")
			.run((context) -> assertThat(context.getBean(RecentResets.class).capacity()).isEqualTo(16));
	}

	@Test
	void eventsCarryTheRetryDecisionAsOutcome(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.exposedRunner.withPropertyValues("reset-guard.retry.max-attempts=2").run((context) -> {
			ResetGuard guard = context.getBean(ResetGuard.class);
			assertThatIOException().isThrownBy(() -> guard.call(server.host() + ":" + server.port(),
					() -> RawHttp.get(SocketFactory.getDefault(), server)));
			assertThat(context.getBean(ResetsEndpoint.class).resets().events())
				.extracting(EventDescriptor::attempt, EventDescriptor::outcome)
				.containsExactly(tuple(2, "exhausted"), tuple(1, "retried"));
		});
	}

	@Test
	void eventsOfTheSocketFactoryCarryConnectionFacts(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.exposedRunner.run((context) -> {
			SocketFactory factory = context.getBean("resetGuardSocketFactory", SocketFactory.class);
			assertThatIOException().isThrownBy(() -> RawHttp.get(factory, server));
			assertThat(context.getBean(ResetsEndpoint.class).resets().events()).singleElement().satisfies((event) -> {
				assertThat(event.client()).isEqualTo("socket");
				assertThat(event.peer()).isEqualTo(server.host() + ":" + server.port());
				assertThat(event.phase()).isEqualTo("awaiting-response");
				assertThat(event.cause()).isEqualTo("request-rejected");
				assertThat(event.localAddress()).matches(".+:\\d+");
				assertThat(event.remoteAddress()).endsWith(":" + server.port());
				assertThat(event.bytesSent()).isPositive();
				assertThat(event.bytesReceived()).isZero();
				assertThat(event.outcome()).isNull();
			});
		});
	}

}
