package dev.resetguard.autoconfigure;

import java.util.Optional;

import dev.resetguard.observe.HealthThresholds;
import dev.resetguard.observe.PeerSummaries;
import dev.resetguard.observe.ResetLog;
import dev.resetguard.observe.ResetStatistics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of what Reset Guard tells about resets without
 * needing the actuator: the rate-limited reset log, and the per-peer statistics and summaries that the
 * health indicator and the resets endpoint report.
 */
@AutoConfiguration(after = ResetGuardCoreAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
public final class ResetGuardObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResetLog resetGuardResetLog(ResetGuardProperties properties) {
		return new ResetLog(properties.getMetrics().getMaxPeers());
	}

	@Bean
	@ConditionalOnMissingBean
	ResetStatistics resetGuardStatistics(ResetGuardProperties properties) {
		return new ResetStatistics(properties.getHealth().getWindow(), properties.getMetrics().getMaxPeers());
	}

	@Bean
	@ConditionalOnMissingBean
	PeerSummaries resetGuardPeerSummaries(ResetStatistics resetGuardStatistics, ResetGuardProperties properties,
			ObjectProvider<AdaptiveIdlePolicy> adaptiveIdlePolicy) {
		ResetGuardProperties.Health health = properties.getHealth();
		HealthThresholds thresholds = new HealthThresholds(health.getMinCalls(), health.getDegradedRatio(),
				health.getDownRatio());
		AdaptiveIdlePolicy policy = adaptiveIdlePolicy.getIfUnique();
		return new PeerSummaries(resetGuardStatistics, thresholds,
				(policy != null) ? policy::learnedIdleTimeout : (peer) -> Optional.empty());
	}

}
