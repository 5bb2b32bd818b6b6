package dev.resetguard.retry.support;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Framework 7's own retry support with {@link ResetRetryPredicate}, around an undecorated client
 * (Apache HttpClient 5 with its own retries off): the annotation and the programmatic policy retry
 * resets, however wrapped, and nothing else.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetRetryPredicateTests {

	private static final RestClient CLIENT = RestClient.builder()
		.requestFactory(ClientHttpRequestFactoryBuilder.httpComponents()
			.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries)
			.build())
		.build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ResilientConfiguration.class);

	@Test
	void retryableMethodIsRetriedOnResets(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(2, Toxic.resetAfterRequestHead());
			assertThat(context.getBean(Inventory.class).item(server.url("/item"))).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(3);
		});
	}

	@Test
	void retryableMethodIsNotRetriedOnAServerError(ChaosServer server) {
		this.contextRunner.run((context) -> {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> context.getBean(Inventory.class).item(server.url("/status/503")));
			assertThat(server.ledger().requests()).hasSize(1);
		});
	}

	@Test
	void retryPolicyWithThePredicateRetriesResets(ChaosServer server) throws RetryException {
		RetryTemplate retryTemplate = new RetryTemplate(RetryPolicy.builder()
			.predicate(new ResetRetryPredicate())
			.maxRetries(2)
			.delay(Duration.ofMillis(1))
			.build());
		server.next(2, Toxic.resetAfterRequestHead());
		assertThat(retryTemplate.execute(() -> CLIENT.get().uri(server.url("/item")).retrieve().body(String.class)))
			.isEqualTo("ok");
		assertThat(server.ledger().requests()).hasSize(3);
	}

	@Test
	void predicateLooksThroughTheClientsWrapper() {
		ResetRetryPredicate predicate = new ResetRetryPredicate();
		assertThat(predicate.test(new ResourceAccessException("I/O error", new SocketException("Connection reset"))))
			.isTrue();
		assertThat(predicate.test(new ResourceAccessException("I/O error", new SocketTimeoutException("Read timed out"))))
			.isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class ResilientConfiguration {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

	}

	static class Inventory {

		@Retryable(predicate = ResetRetryPredicate.class, maxRetries = 2, delay = 1, jitter = 0)
		public String item(String url) {
			return CLIENT.get().uri(url).retrieve().body(String.class);
		}

	}

}
