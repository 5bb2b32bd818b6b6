package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.CallRetries;
import dev.resetguard.web.client.BlockingCallGuard;
import dev.resetguard.web.client.ResetGuardHandBuiltClientPostProcessor;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that makes every {@link RestClient} built from
 * Boot's builder reset-aware, and with {@code reset-guard.clients.decorate-hand-built} those built by
 * hand too. Needs spring-retry, the engine of blocking retries. Switched off by
 * {@code reset-guard.clients.rest-client.enabled=false}.
 */
@AutoConfiguration(after = ResetGuardCoreAutoConfiguration.class)
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class, RetryTemplate.class })
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "reset-guard.clients.rest-client.enabled", matchIfMissing = true)
public final class ResetGuardRestClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResetGuardRestClientCustomizer resetGuardRestClientCustomizer(CallRetries resetGuardCallRetries,
			ResetRecorder resetGuardRecorder) {
		return new ResetGuardRestClientCustomizer(
				new BlockingCallGuard(ClientKind.REST_CLIENT, resetGuardCallRetries, resetGuardRecorder));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "reset-guard.clients.decorate-hand-built")
	static ResetGuardHandBuiltClientPostProcessor<RestClient> resetGuardRestClientPostProcessor(
			ObjectProvider<ResetGuardRestClientCustomizer> resetGuardRestClientCustomizer) {
		return ResetGuardHandBuiltClientPostProcessor.forRestClients(resetGuardRestClientCustomizer);
	}

}
