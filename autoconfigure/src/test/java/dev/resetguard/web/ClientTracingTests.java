package dev.resetguard.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import dev.resetguard.web.client.DecoratedClients;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each HTTP client, built from Boot's builder with an observation registry, against a real loopback
 * reset after the request head: the client's own {@code http.client.requests} observation gets the reset
 * as an event with its decision, and the attempts and outcome as high-cardinality key values only, and the
 * backoff shows as its child; a call that meets no reset gets nothing from Reset Guard.
 */
@ExtendWith(ChaosServerExtension.class)
class ClientTracingTests {

	private static final String CLIENT_OBSERVATION = "http.client.requests";

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner()
		.withConfiguration(AutoConfigurations.of(ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.observations);

	@BeforeEach
	void recordEvents() {
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onEvent(Observation.Event event, Observation.Context context) {
				ClientTracingTests.this.events.add(context.getName() + ": " + event.getContextualName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@Test
	void restClientResetShouldBeRecordedInItsOwnObservation(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			RestClient client = context.getBean(RestClient.Builder.class).observationRegistry(this.observations).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertRecoveredAfterOneReset("rest-client");
		});
	}

	@Test
	void restTemplateResetShouldBeRecordedInItsOwnObservation(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			template.setObservationRegistry(this.observations);
			assertThat(template.getForObject(server.url("/item"), String.class)).isEqualTo("ok");
			assertRecoveredAfterOneReset("rest-template");
		});
	}

	@Test
	void webClientResetShouldBeRecordedInTheObservationOfItsReactorContext(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			WebClient client = context.getBean(WebClient.Builder.class).observationRegistry(this.observations).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(10))).isEqualTo("ok");
			assertRecoveredAfterOneReset("web-client");
		});
	}

	@Test
	void restClientCallWithoutResetShouldGetNothingFromResetGuard(ChaosServer server) {
		this.contextRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).observationRegistry(this.observations).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertUntouched();
		});
	}

	@Test
	void webClientCallWithoutResetShouldGetNothingFromResetGuard(ChaosServer server) {
		this.contextRunner.run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).observationRegistry(this.observations).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(10))).isEqualTo("ok");
			assertUntouched();
		});
	}

	@Test
	void tracingDisabledShouldLeaveResetsOutOfObservations(ChaosServer server) {
		this.contextRunner.withPropertyValues("reset-guard.tracing.enabled=false").run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			RestClient client = context.getBean(RestClient.Builder.class).observationRegistry(this.observations).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(2);
			assertUntouched();
		});
	}

	private void assertRecoveredAfterOneReset(String client) {
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event)
			.startsWith(CLIENT_OBSERVATION + ": reset phase=awaiting-response cause=request-rejected attempt=1 local-port=")
			.contains(" decision=retried backoff="));
		assertThat(this.observations).hasObservationWithNameEqualTo(CLIENT_OBSERVATION)
			.that()
			.hasHighCardinalityKeyValue("reset.guard.attempts", "2")
			.hasHighCardinalityKeyValue("reset.guard.outcome", "recovered")
			.doesNotHaveLowCardinalityKeyValueWithKey("reset.guard.attempts")
			.doesNotHaveLowCardinalityKeyValueWithKey("reset.guard.outcome");
		assertThat(this.observations).hasObservationWithNameEqualTo("reset.guard.backoff")
			.that()
			.hasBeenStopped()
			.hasParentObservationContextMatching((parent) -> CLIENT_OBSERVATION.equals(parent.getName()))
			.hasLowCardinalityKeyValue("client", client)
			.hasHighCardinalityKeyValue("attempt", "2");
	}

	private void assertUntouched() {
		assertThat(this.events).isEmpty();
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo(CLIENT_OBSERVATION)
			.that()
			.doesNotHaveHighCardinalityKeyValueWithKey("reset.guard.attempts")
			.doesNotHaveHighCardinalityKeyValueWithKey("reset.guard.outcome");
	}

}
