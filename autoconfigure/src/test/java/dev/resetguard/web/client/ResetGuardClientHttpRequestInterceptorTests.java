package dev.resetguard.web.client;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static dev.resetguard.web.client.DecoratedClients.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The interceptor, the fallback for a client whose request factory cannot be wrapped, runs calls under the
 * same rules as the request factory: a real reset is retried and recorded once, every call reports one
 * outcome, and a call reset on every attempt ends with the client's own exception.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardClientHttpRequestInterceptorTests {

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner();

	@Test
	void getResetAfterTheRequestIsRetriedAndRecovers(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThat(intercepted(context).get().uri(server.url("/item")).retrieve().body(String.class))
				.isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(2);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(total(registry, "reset.guard.resets", "client", "rest-client")).isOne();
			assertThat(total(registry, "reset.guard.calls", "client", "rest-client", "outcome", "recovered")).isOne();
		});
	}

	@Test
	void postWithBodyResetDuringUploadIsSentAgainWholeUnderAnIdempotencyKey(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetDuringUpload(16 * 1024));
			intercepted(context).post()
				.uri(server.url("/orders"))
				.header("Idempotency-Key", "order-1")
				.body(new byte[128 * 1024])
				.retrieve()
				.toBodilessEntity();
			assertThat(server.ledger().requests()).hasSize(2);
			assertThat(server.ledger().requests().get(1).bodyBytesRead()).isEqualTo(128 * 1024);
		});
	}

	@Test
	void callResetOnEveryAttemptThrowsTheClientsOwnException(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.always(Toxic.resetAfterRequestHead());
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> intercepted(context).get().uri(server.url("/item")).retrieve().body(String.class));
			assertThat(server.ledger().requests()).hasSize(3);
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "exhausted"))
				.isOne();
		});
	}

	// A client Reset Guard did not decorate, over Apache with its own retries off, given the interceptor.
	private static RestClient intercepted(AssertableApplicationContext context) {
		BlockingCallGuard guard = context.getBean(ResetGuardRestClientCustomizer.class).guard();
		return RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
				.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
				.build())
			.requestInterceptor(new ResetGuardClientHttpRequestInterceptor(guard))
			.build();
	}

}
