package dev.resetguard.web.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.resetguard.CallRetries;
import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardHttpComponentsAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardRestClientAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardRestTemplateAutoConfiguration;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * The application every client test starts: Boot's HTTP client, RestClient and RestTemplate
 * auto-configurations with Reset Guard's, a simple meter registry, and backoffs short enough for tests.
 * A high restart threshold keeps each toxic's own cause: these tests are about retries and counts.
 */
public final class DecoratedClients {

	/** Every auto-configuration a decorated blocking client needs. */
	public static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			ResetGuardAutoConfiguration.class, ResetGuardCoreAutoConfiguration.class,
			ResetGuardHttpComponentsAutoConfiguration.class, ResetGuardRestClientAutoConfiguration.class,
			ResetGuardRestTemplateAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
			RestTemplateAutoConfiguration.class);

	private DecoratedClients() {
	}

	/**
	 * Return a runner for the application.
	 * @return the runner
	 */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("reset-guard.retry.initial-backoff=1ms", "reset-guard.retry.max-backoff=5ms",
					"reset-guard.cause.restart-min-connections=1000");
	}

	/**
	 * Return a guard that records to nowhere, for tests that only look at decoration.
	 * @param client the kind of client
	 * @return the guard
	 */
	public static BlockingCallGuard standaloneGuard(ClientKind client) {
		RetrySettings settings = RetrySettings.ofDefaults();
		CallRetries retries = new CallRetries((peer) -> settings, new RetryBudgets(settings),
				new ResetGuardMetrics(new SimpleMeterRegistry()), CallOutcomeListener.NONE);
		ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
				new CauseInference(CauseSettings.ofDefaults()), ResetEventListener.NONE);
		return new BlockingCallGuard(client, retries, recorder);
	}

	/**
	 * Return the request factory a client sends its requests through.
	 * @param client the client
	 * @return its request factory, as its builder holds it
	 */
	public static ClientHttpRequestFactory requestFactoryOf(RestClient client) {
		return RestClientBuilderRequestFactory.of(client.mutate());
	}

	/**
	 * Return the interceptors of a client.
	 * @param client the client
	 * @return its interceptors
	 */
	public static List<ClientHttpRequestInterceptor> interceptorsOf(RestClient client) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		client.mutate().requestInterceptors(interceptors::addAll);
		return interceptors;
	}

	/**
	 * Return the total count of a counter over every tag value not given.
	 * @param registry the registry
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return the total
	 */
	public static long total(MeterRegistry registry, String name, String... tags) {
		return (long) registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	/**
	 * The request factories Boot can pick, by the value of {@code spring.http.clients.imperative.factory},
	 * with what the ground truth says each does by itself.
	 */
	public enum Factory {

		/** Apache HttpClient 5, Boot's default: Reset Guard sees its sockets and switches its retries off. */
		HTTP_COMPONENTS(true, false),

		/** The JDK's HttpClient: retries an idempotent request once by itself. */
		JDK(false, true),

		/** HttpURLConnection: retries an idempotent request once by itself. */
		SIMPLE(false, true),

		/** Reactor Netty: does not retry once the request was sent. */
		REACTOR(false, false),

		/** Jetty: does not retry. */
		JETTY(false, false);

		private final boolean socketFacts;

		private final boolean retriesIdempotentOnce;

		Factory(boolean socketFacts, boolean retriesIdempotentOnce) {
			this.socketFacts = socketFacts;
			this.retriesIdempotentOnce = retriesIdempotentOnce;
		}

		/**
		 * Return whether Reset Guard records resets with connection facts through this factory.
		 * @return {@code true} for Apache HttpClient 5
		 */
		public boolean socketFacts() {
			return this.socketFacts;
		}

		/**
		 * Return whether the client silently sends an idempotent request a second time after a reset.
		 * @return {@code true} for the JDK client and HttpURLConnection
		 */
		public boolean retriesIdempotentOnce() {
			return this.retriesIdempotentOnce;
		}

		/**
		 * Return the property that picks this factory.
		 * @return the property, as {@code name=value}
		 */
		public String property() {
			return "spring.http.clients.imperative.factory=" + name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		/**
		 * Return every factory.
		 * @return the factories
		 */
		public static List<Factory> all() {
			return Arrays.asList(values());
		}

	}

}
