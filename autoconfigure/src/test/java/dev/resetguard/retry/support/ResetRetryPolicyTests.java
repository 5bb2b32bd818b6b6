package dev.resetguard.retry.support;

import java.net.ConnectException;
import java.net.SocketException;

import dev.resetguard.retry.RetrySettings;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * spring-retry with {@link ResetRetryPolicy} around an undecorated client (Apache HttpClient 5 with its
 * own retries off): resets are retried wherever the client wraps them, other failures are not.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetRetryPolicyTests {

	private final RestClient client = RestClient.builder()
		.requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
			.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
			.build())
		.build();

	private final RetryTemplate retryTemplate = RetryTemplate.builder()
		.customPolicy(new ResetRetryPolicy(3))
		.noBackoff()
		.build();

	@Test
	void resetWrappedByTheClientIsRetriedUntilTheCallSucceeds(ChaosServer server) {
		server.next(2, Toxic.resetAfterRequestHead());
		String body = this.retryTemplate.execute((context) -> get(server, "/item"));
		assertThat(body).isEqualTo("ok");
		assertThat(server.ledger().requests()).hasSize(3);
	}

	@Test
	void callResetOnEveryAttemptEndsWithTheClientsException(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> this.retryTemplate.execute((context) -> get(server, "/item")))
			.withRootCauseInstanceOf(SocketException.class);
		assertThat(server.ledger().requests()).hasSize(3);
	}

	@Test
	void postThatReachedTheServerIsRetriedAsTheDocsSay(ChaosServer server) {
		// The policy sees only the exception: it cannot tell a POST that reached the server from one that did
		// not (docs/guides/programmatic-api.md, "What they do not know").
		server.next(1, Toxic.resetAfterRequestHead());
		String body = this.retryTemplate.execute((context) -> this.client.post()
			.uri(server.url("/orders"))
			.body("order")
			.retrieve()
			.body(String.class));
		assertThat(body).isEqualTo("ok");
		assertThat(server.ledger().requests()).extracting((request) -> request.method()).containsExactly("POST", "POST");
	}

	@Test
	void failureThatIsNotAResetIsNotRetried(ChaosServer server) {
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> this.retryTemplate.execute((context) -> get(server, "/status/503")));
		assertThat(server.ledger().requests()).hasSize(1);
	}

	@Test
	void refusedConnectionIsNotAReset() {
		int[] attempts = new int[1];
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> this.retryTemplate.execute((context) -> {
			attempts[0]++;
			throw new ConnectException("Connection refused");
		}));
		assertThat(attempts[0]).isOne();
	}

	@Test
	void maxAttemptsComeFromRetrySettings() {
		assertThat(ResetRetryPolicy.of(RetrySettings.builder().maxAttempts(5).build()).getMaxAttempts()).isEqualTo(5);
		assertThat(new ResetRetryPolicy().getMaxAttempts()).isEqualTo(RetrySettings.DEFAULT_MAX_ATTEMPTS);
	}

	@Test
	void maxAttemptsBelowOneAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ResetRetryPolicy(0))
			.withMessage("maxAttempts must be at least 1, but was 0");
	}

	private String get(ChaosServer server, String path) {
		return this.client.get().uri(server.url(path)).retrieve().body(String.class);
	}

}
