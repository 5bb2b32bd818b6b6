package dev.resetguard.web.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import dev.resetguard.web.client.DecoratedClients.Factory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;

import static dev.resetguard.web.client.DecoratedClients.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * RestClient and RestTemplate over every request factory Boot can pick, against real loopback resets:
 * resets are retried by the same rules everywhere; connection facts come with Apache HttpClient 5 only,
 * and the JDK client and HttpURLConnection still send an idempotent request a second time by themselves,
 * which the ledger shows.
 */
@ExtendWith(ChaosServerExtension.class)
class RequestFactoryResetTests {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner()
		.withBean("recordingListener", ResetEventListener.class, () -> this.events::add);

	@ParameterizedTest
	@EnumSource(Factory.class)
	void restClientGetResetTwiceRecovers(Factory factory, ChaosServer server) {
		this.contextRunner.withPropertyValues(factory.property()).run((context) -> {
			server.next(2, Toxic.resetAfterRequestHead());
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(3);
			// A client that retries by itself absorbs one of the two resets before Reset Guard sees any.
			int seen = factory.retriesIdempotentOnce() ? 1 : 2;
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(this.events).hasSize(seen).allSatisfy((event) -> {
				assertThat(event.client()).isEqualTo(ClientKind.REST_CLIENT);
				assertThat(event.facts() != null).isEqualTo(factory.socketFacts());
				assertThat(event.phase())
					.isEqualTo(factory.socketFacts() ? ResetPhase.AWAITING_RESPONSE : ResetPhase.UNKNOWN);
			});
			assertThat(total(registry, "reset.guard.retries", "client", "rest-client")).isEqualTo(seen);
			assertThat(total(registry, "reset.guard.calls", "client", "rest-client", "outcome", "recovered")).isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(Factory.class)
	void restTemplateGetResetTwiceRecovers(Factory factory, ChaosServer server) {
		this.contextRunner.withPropertyValues(factory.property()).run((context) -> {
			server.next(2, Toxic.resetAfterRequestHead());
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			assertThat(template.getForObject(server.url("/item"), String.class)).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(3);
			int seen = factory.retriesIdempotentOnce() ? 1 : 2;
			assertThat(this.events).hasSize(seen)
				.allSatisfy((event) -> assertThat(event.client()).isEqualTo(ClientKind.REST_TEMPLATE));
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "client", "rest-template",
					"outcome", "recovered"))
				.isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(Factory.class)
	void getResetOnEveryAttemptIsTriedThreeTimesByResetGuard(Factory factory, ChaosServer server) {
		this.contextRunner.withPropertyValues(factory.property()).run((context) -> {
			server.always(Toxic.resetAfterRequestHead());
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(server.url("/item")).retrieve().body(String.class));
			int wirePerAttempt = factory.retriesIdempotentOnce() ? 2 : 1;
			assertThat(server.ledger().requests()).hasSize(3 * wirePerAttempt);
			assertThat(this.events).extracting(ResetEvent::attempt).containsExactly(1, 2, 3);
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "exhausted")).isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(Factory.class)
	void resetWhileReadingTheBodyIsRecordedOnceAsReceivingAndNotRetried(Factory factory, ChaosServer server) {
		this.contextRunner.withPropertyValues(factory.property()).run((context) -> {
			server.always(Toxic.resetAfterResponseBytes(10));
			RestClient client = context.getBean(RestClient.Builder.class).build();
			// Reactor's factory throws its own unchecked exception from the body, which RestClient passes on.
			assertThatException()
				.isThrownBy(() -> client.get().uri(server.url("/item")).retrieve().body(String.class))
				.isInstanceOf((factory != Factory.REACTOR) ? RestClientException.class : RuntimeException.class);
			assertThat(server.ledger().requests()).hasSize(1);
			assertThat(this.events).singleElement()
				.satisfies((event) -> assertThat(event.phase()).isEqualTo(ResetPhase.RECEIVING_RESPONSE));
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "not-retryable"))
				.isOne();
		});
	}

}
