package dev.resetguard.benchmarks.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.resetguard.benchmarks.BootClients;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.ResourceAccessException;

/**
 * The ways of calling a flaky peer that the scenarios compare. Every one is the auto-configured
 * {@code RestClient} over Apache HttpClient 5 from the same Boot application; they differ only in what
 * retries a failed call.
 */
enum Contender {

	/** No retry anywhere: Apache's own retry strategy switched off, nothing around the call. */
	PLAIN("plain", "RestClient over Apache HttpClient 5, Apache's automatic retries disabled, no retry around the call") {

		@Override
		Retrier retrier() {
			return Retrier.NONE;
		}

	},

	/**
	 * spring-retry as it is usually written for a blocking client: 3 attempts, exponential backoff, retry on
	 * {@link IOException}. {@code RestClient} wraps I/O errors in {@link ResourceAccessException}, so the
	 * policy must traverse causes or it retries nothing.
	 */
	SPRING_RETRY("spring-retry", "plain client inside `RetryTemplate.builder().maxAttempts(3).exponentialBackoff(100, 2, 2000)"
			+ ".retryOn(IOException.class).traversingCauses()` (spring-retry 2.0.13)") {

		@Override
		Retrier retrier() {
			RetryTemplate template = RetryTemplate.builder()
				.maxAttempts(3)
				.exponentialBackoff(BACKOFF.toMillis(), MULTIPLIER, MAX_BACKOFF.toMillis())
				.retryOn(IOException.class)
				.traversingCauses()
				.build();
			return new Retrier() {

				@Override
				public <T> T call(Attempt<T> attempt) throws Exception {
					return template.execute((context) -> attempt.run());
				}

			};
		}

	},

	/**
	 * Resilience4j Retry in its common 3-attempt exponential setup. Its exception filter matches the thrown
	 * type only, so {@link ResourceAccessException} is listed beside {@link IOException}.
	 */
	RESILIENCE4J("resilience4j", "plain client inside Resilience4j 2.3.0 `Retry` with `maxAttempts(3)`, "
			+ "`IntervalFunction.ofExponentialBackoff(100 ms, 2)`, `retryExceptions(IOException.class, ResourceAccessException.class)`") {

		@Override
		Retrier retrier() {
			RetryConfig config = RetryConfig.custom()
				.maxAttempts(3)
				.intervalFunction(IntervalFunction.ofExponentialBackoff(BACKOFF, MULTIPLIER))
				.retryExceptions(IOException.class, ResourceAccessException.class)
				.build();
			Retry retry = Retry.of("contender", config);
			return new Retrier() {

				@Override
				public <T> T call(Attempt<T> attempt) throws Exception {
					return retry.executeCallable(attempt::run);
				}

			};
		}

	},

	/** The client's own behaviour: Apache HttpClient 5 with its default retry strategy, as Boot builds it. */
	BUILT_IN("built-in", "RestClient over Apache HttpClient 5 as Boot builds it: `DefaultHttpRequestRetryStrategy` "
			+ "(1 retry, idempotent methods only)") {

		@Override
		Retrier retrier() {
			return Retrier.NONE;
		}

	},

	/** Reset Guard's auto-configuration with every property at its default. */
	RESET_GUARD("reset-guard", "RestClient from the same application with Reset Guard's auto-configuration, "
			+ "all `reset-guard.*` properties at their defaults") {

		@Override
		Retrier retrier() {
			return Retrier.NONE;
		}

	};

	private static final Duration BACKOFF = Duration.ofMillis(100);

	private static final double MULTIPLIER = 2;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private final String label;

	private final String description;

	Contender(String label, String description) {
		this.label = label;
		this.description = description;
	}

	String label() {
		return this.label;
	}

	String description() {
		return this.description;
	}

	/**
	 * Start this contender's application and build its client.
	 * @param baseUrl the peer's base URL
	 * @param resetGuardProperties properties Reset Guard runs with on top of its defaults, for its contender
	 * @return the client, to close after the run
	 */
	ContenderClient open(String baseUrl, Map<String, Object> resetGuardProperties) {
		// The retry libraries wrap the plain client, so that their policy alone decides the attempts.
		AttemptObserver observer = new AttemptObserver(this == PLAIN || this == SPRING_RETRY || this == RESILIENCE4J);
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.http.clients.imperative.factory", "http-components");
		if (this == RESET_GUARD) {
			properties.putAll(resetGuardProperties);
		}
		BootClients application = BootClients.start(this == RESET_GUARD, properties, observer);
		return new ContenderClient(application, application.restClientBuilder().baseUrl(baseUrl).build(), retrier(),
				observer);
	}

	abstract Retrier retrier();

	/**
	 * What repeats a failed call around the client, if anything.
	 */
	interface Retrier {

		/** Run each call once. */
		Retrier NONE = new Retrier() {

			@Override
			public <T> T call(Attempt<T> attempt) throws Exception {
				return attempt.run();
			}

		};

		/**
		 * Make one logical call, as many attempts as this retrier allows.
		 * @param <T> the result type
		 * @param attempt one attempt of the call
		 * @return the result of the attempt that succeeded
		 * @throws Exception the failure of the last attempt
		 */
		<T> T call(Attempt<T> attempt) throws Exception;

	}

	/**
	 * One attempt of a call.
	 * @param <T> the result type
	 */
	interface Attempt<T> {

		/**
		 * Run the attempt.
		 * @return its result
		 * @throws Exception its failure
		 */
		T run() throws Exception;

	}

}
