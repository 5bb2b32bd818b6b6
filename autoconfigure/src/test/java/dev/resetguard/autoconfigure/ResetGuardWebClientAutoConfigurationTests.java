package dev.resetguard.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.resetguard.CallRetries;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.netty.ReactorNettyInstrumentation;
import dev.resetguard.netty.ResetGuardClientHttpConnectorBuilderCustomizer;
import dev.resetguard.retry.PeerRetrySettings;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import dev.resetguard.web.reactive.ResetGuardExchangeFilterFunction;
import dev.resetguard.web.reactive.ResetGuardWebClientBeanPostProcessor;
import dev.resetguard.web.reactive.ResetGuardWebClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(ChaosServerExtension.class)
class ResetGuardWebClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void decoratesWebClientsBuiltFromBootsBuilder() {
		this.contextRunner.run((context) -> {
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			assertThat(filtersOf(webClient)).containsExactly(context.getBean(ResetGuardExchangeFilterFunction.class));
		});
	}

	@Test
	void customizingTwiceAddsTheFilterOnce() {
		this.contextRunner.run((context) -> {
			WebClient.Builder builder = context.getBean(WebClient.Builder.class);
			context.getBean(ResetGuardWebClientCustomizer.class).customize(builder);
			assertThat(filtersOf(builder.build())).hasSize(1);
		});
	}

	@Test
	void switchedOffByWebClientProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.web-client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardExchangeFilterFunction.class)
				.doesNotHaveBean(ResetGuardWebClientCustomizer.class)
				.doesNotHaveBean(ReactorNettyInstrumentation.class);
			assertThat(filtersOf(context.getBean(WebClient.Builder.class).build())).isEmpty();
		});
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ResetGuardExchangeFilterFunction.class)
				.doesNotHaveBean(ReactorNettyInstrumentation.class));
	}

	@Test
	void backsOffWhenUserDefinesFilter() {
		this.contextRunner.withBean("userFilter", ResetGuardExchangeFilterFunction.class, () -> userFilter())
			.run((context) -> {
				ResetGuardExchangeFilterFunction filter = context.getBean(ResetGuardExchangeFilterFunction.class);
				assertThat(context).getBeanNames(ResetGuardExchangeFilterFunction.class).containsExactly("userFilter");
				assertThat(filtersOf(context.getBean(WebClient.Builder.class).build())).containsExactly(filter);
			});
	}

	@Test
	void withoutWebFluxBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ResetGuardExchangeFilterFunction.class));
	}

	@Test
	void withoutReactorNettyKeepsTheFilterWithoutChannelInstrumentation() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HttpClient.class))
			.run((context) -> assertThat(context).hasSingleBean(ResetGuardWebClientCustomizer.class)
				.doesNotHaveBean(ReactorNettyInstrumentation.class)
				.doesNotHaveBean(ResetGuardClientHttpConnectorBuilderCustomizer.class));
	}

	@Test
	void connectorHasReactorNettyRetryOffAndResetGuardsPool() {
		this.contextRunner.run((context) -> {
			HttpClientConfig config = connectorHttpClient(context).configuration();
			assertThat(config.isRetryDisabled()).isTrue();
			assertThat(config.connectionProvider().name()).isEqualTo(ReactorNettyInstrumentation.POOL_NAME);
		});
	}

	@Test
	void withoutAdaptiveIdleConnectorKeepsBootsPool() {
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false").run((context) -> {
			HttpClientConfig config = connectorHttpClient(context).configuration();
			assertThat(config.isRetryDisabled()).isTrue();
			assertThat(config.connectionProvider().name()).isNotEqualTo(ReactorNettyInstrumentation.POOL_NAME);
		});
	}

	@Test
	void resetGuardsPoolIsAsLargeAsBootsPool() {
		// Reactor Netty's default pool (16 connections, 32 pending) fails calls under a load Boot's pool serves.
		AtomicInteger bootsPoolSize = new AtomicInteger();
		this.contextRunner.withPropertyValues("reset-guard.prevention.adaptive-idle=false")
			.run((context) -> bootsPoolSize
				.set(connectorHttpClient(context).configuration().connectionProvider().maxConnections()));
		this.contextRunner.run((context) -> assertThat(
				connectorHttpClient(context).configuration().connectionProvider().maxConnections())
			.isEqualTo(bootsPoolSize.get())
			.isEqualTo(ReactorNettyInstrumentation.POOL_MAX_CONNECTIONS));
	}

	@Test
	void everyAttemptOnTheWireIsOurs(ChaosServer server) {
		// With one attempt allowed, Reactor Netty's own retry of a reset connect would show as a second
		// connection; so would the probes of a ride-through, which these resets would start.
		server.always(Toxic.resetOnAccept());
		int calls = 10;
		this.contextRunner
			.withPropertyValues("reset-guard.retry.max-attempts=1", "reset-guard.restart.ride-through=false")
			.run((context) -> {
				WebClient webClient = context.getBean(WebClient.Builder.class).build();
				for (int i = 0; i < calls; i++) {
					assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> webClient.get()
						.uri(server.url("/s1"))
						.retrieve()
						.toBodilessEntity()
						.block());
				}
			});
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(calls);
	}

	@Test
	void handBuiltWebClientIsLeftAloneByDefault() {
		this.contextRunner.withBean("handBuilt", WebClient.class, WebClient::create)
			.run((context) -> assertThat(filtersOf(context.getBean("handBuilt", WebClient.class))).isEmpty());
	}

	@Test
	void handBuiltWebClientIsDecoratedWhenAsked() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("handBuilt", WebClient.class, WebClient::create)
			.run((context) -> {
				assertThat(context).hasSingleBean(ResetGuardWebClientBeanPostProcessor.class);
				assertThat(filtersOf(context.getBean("handBuilt", WebClient.class)))
					.containsExactly(context.getBean(ResetGuardExchangeFilterFunction.class));
			});
	}

	@Test
	void webClientBeanFromBootsBuilderIsNotDecoratedTwice() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withUserConfiguration(WebClientFromBuilderConfiguration.class)
			.run((context) -> assertThat(filtersOf(context.getBean("fromBuilder", WebClient.class))).hasSize(1));
	}

	@Test
	void shouldBeListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardCoreAutoConfiguration.class.getName(),
					ResetGuardWebClientAutoConfiguration.class.getName());
	}

	private static ResetGuardExchangeFilterFunction userFilter() {
		ResetGuardMetrics metrics = new ResetGuardMetrics(new SimpleMeterRegistry());
		ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
				new CauseInference(CauseSettings.ofDefaults()), metrics);
		PeerRetrySettings settings = PeerRetrySettings.of(RetrySettings.ofDefaults());
		return new ResetGuardExchangeFilterFunction(recorder,
				new CallRetries(settings, new RetryBudgets(settings, 10, System::nanoTime), metrics, metrics));
	}

	private static List<ExchangeFilterFunction> filtersOf(WebClient webClient) {
		List<ExchangeFilterFunction> filters = new ArrayList<>();
		webClient.mutate().filters(filters::addAll);
		return filters;
	}

	private static HttpClient connectorHttpClient(AssertableApplicationContext context) {
		AtomicReference<HttpClient> built = new AtomicReference<>();
		ReactorClientHttpConnectorBuilder builder = (ReactorClientHttpConnectorBuilder) context
			.getBean(ClientHttpConnectorBuilder.class);
		builder.withHttpClientCustomizer((httpClient) -> {
			built.set(httpClient);
			return httpClient;
		}).build();
		return built.get();
	}

	@Configuration(proxyBeanMethods = false)
	static class WebClientFromBuilderConfiguration {

		@Bean
		WebClient fromBuilder(WebClient.Builder builder) {
			return builder.build();
		}

	}

}
