package dev.resetguard.autoconfigure;

import dev.resetguard.CallRetries;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.netty.ReactorNettyInstrumentation;
import dev.resetguard.netty.ResetGuardClientHttpConnectorBuilderCustomizer;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.web.reactive.ResetGuardExchangeFilterFunction;
import dev.resetguard.web.reactive.ResetGuardWebClientBeanPostProcessor;
import dev.resetguard.web.reactive.ResetGuardWebClientCustomizer;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Reset Guard for {@code WebClient}: the retrying
 * {@link ResetGuardExchangeFilterFunction}, added to every {@code WebClient} built from Boot's
 * {@code WebClient.Builder} (and, with {@code reset-guard.clients.decorate-hand-built=true}, to
 * {@code WebClient} beans built by hand), and, on Reactor Netty, the channel instrumentation and
 * adaptive-idle connection pool of Boot's auto-configured connector. Switched off by
 * {@code reset-guard.clients.web-client.enabled=false}.
 */
@AutoConfiguration(after = ResetGuardCoreAutoConfiguration.class,
		afterName = "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration")
@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class })
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "reset-guard.clients.web-client.enabled", matchIfMissing = true)
public final class ResetGuardWebClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResetGuardExchangeFilterFunction resetGuardExchangeFilterFunction(ResetRecorder resetGuardRecorder,
			CallRetries resetGuardCallRetries) {
		return new ResetGuardExchangeFilterFunction(resetGuardRecorder, resetGuardCallRetries);
	}

	@Bean
	@ConditionalOnMissingBean
	ResetGuardWebClientCustomizer resetGuardWebClientCustomizer(
			ResetGuardExchangeFilterFunction resetGuardExchangeFilterFunction) {
		return new ResetGuardWebClientCustomizer(resetGuardExchangeFilterFunction);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "reset-guard.clients.decorate-hand-built")
	static ResetGuardWebClientBeanPostProcessor resetGuardWebClientBeanPostProcessor(
			ObjectProvider<ResetGuardExchangeFilterFunction> resetGuardExchangeFilterFunction) {
		return new ResetGuardWebClientBeanPostProcessor(resetGuardExchangeFilterFunction);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpClient.class, ReactorClientHttpConnectorBuilder.class,
			ClientHttpConnectorBuilderCustomizer.class })
	static class ReactorNettyConfiguration {

		@Bean(destroyMethod = "dispose")
		@ConditionalOnMissingBean
		ReactorNettyInstrumentation resetGuardReactorNettyInstrumentation(ResetGuardProperties properties,
				ResetRecorder resetGuardRecorder, ResetGuardMetrics resetGuardMetrics,
				ObjectProvider<AdaptiveIdlePolicy> adaptiveIdlePolicy,
				ObjectProvider<ConnectionListener> connectionListeners) {
			ReactorNettyInstrumentation.Builder builder = ReactorNettyInstrumentation.builder(resetGuardRecorder)
				.listener(ConnectionListener.of(connectionListeners.orderedStream().toList()));
			if (properties.getPrevention().isAdaptiveIdle()) {
				adaptiveIdlePolicy.ifAvailable((policy) -> builder.adaptiveIdle(policy, resetGuardMetrics));
			}
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		ResetGuardClientHttpConnectorBuilderCustomizer resetGuardClientHttpConnectorBuilderCustomizer(
				ReactorNettyInstrumentation resetGuardReactorNettyInstrumentation) {
			return new ResetGuardClientHttpConnectorBuilderCustomizer(resetGuardReactorNettyInstrumentation);
		}

	}

}
