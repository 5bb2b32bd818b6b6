package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.http.client.ResetGuardHttpComponentsCustomizer;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.socket.SocketInstrumentation;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.retry.support.RetryTemplate;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the Apache HttpClient 5 clients Boot builds for
 * {@code RestClient} and {@code RestTemplate}: connection-level forensics, Apache's own retries off,
 * adaptive idle retirement. One Apache client factory serves both, so it stays on while either
 * integration is enabled; resets outside a decorated call are tagged {@code rest-client} unless only
 * {@code RestTemplate} is decorated.
 */
@AutoConfiguration(after = ResetGuardCoreAutoConfiguration.class)
@ConditionalOnClass({ HttpClientBuilder.class, HttpComponentsClientHttpRequestFactoryBuilder.class,
		RestClientCustomizer.class, RetryTemplate.class })
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@Conditional(ResetGuardHttpComponentsAutoConfiguration.OnDecoratedClient.class)
public final class ResetGuardHttpComponentsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResetGuardHttpComponentsCustomizer resetGuardHttpComponentsCustomizer(ResetGuardProperties properties,
			ResetRecorder resetGuardRecorder, ResetGuardMetrics resetGuardMetrics,
			ObjectProvider<AdaptiveIdlePolicy> adaptiveIdlePolicy, ObjectProvider<ConnectionListener> connectionListeners) {
		ClientKind defaultClient = properties.getClients().getRestClient().isEnabled() ? ClientKind.REST_CLIENT
				: ClientKind.REST_TEMPLATE;
		// The instrumentation adds the attempt scope's listener itself.
		SocketInstrumentation instrumentation = SocketInstrumentation.builder()
			.recorder(resetGuardRecorder)
			.listener(ConnectionListener.of(connectionListeners.orderedStream().toList()))
			.client(defaultClient)
			.build();
		return new ResetGuardHttpComponentsCustomizer(instrumentation, adaptiveIdlePolicy.getIfAvailable(),
				resetGuardMetrics, defaultClient);
	}

	/**
	 * Matches while {@code RestClient} or {@code RestTemplate} decoration is enabled.
	 */
	static final class OnDecoratedClient extends AnyNestedCondition {

		OnDecoratedClient() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnBooleanProperty(name = "reset-guard.clients.rest-client.enabled", matchIfMissing = true)
		static final class RestClientEnabled {

		}

		@ConditionalOnBooleanProperty(name = "reset-guard.clients.rest-template.enabled", matchIfMissing = true)
		static final class RestTemplateEnabled {

		}

	}

}
