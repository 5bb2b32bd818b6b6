package dev.resetguard.autoconfigure;

import dev.resetguard.actuate.ResetGuardHealthIndicator;
import dev.resetguard.observe.PeerSummaries;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code resetGuard} health indicator.
 * Switched off by {@code management.health.resetguard.enabled=false}.
 */
@AutoConfiguration(after = ResetGuardObservabilityAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("resetguard")
public final class ResetGuardHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "resetGuardHealthIndicator")
	ResetGuardHealthIndicator resetGuardHealthIndicator(PeerSummaries resetGuardPeerSummaries) {
		return new ResetGuardHealthIndicator(resetGuardPeerSummaries);
	}

}
