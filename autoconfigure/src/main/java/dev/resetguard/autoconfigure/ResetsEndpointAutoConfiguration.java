package dev.resetguard.autoconfigure;

import dev.resetguard.actuate.ResetsEndpoint;
import dev.resetguard.observe.PeerSummaries;
import dev.resetguard.observe.RecentResets;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code resets} endpoint and the recent
 * resets it shows, kept only while the endpoint is available: like most endpoints it is exposed over
 * HTTP only when listed in {@code management.endpoints.web.exposure.include}.
 */
@AutoConfiguration(after = ResetGuardObservabilityAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(ResetsEndpoint.class)
public final class ResetsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RecentResets resetGuardRecentResets(ResetGuardProperties properties) {
		return new RecentResets(properties.getEvents().getCapacity());
	}

	@Bean
	@ConditionalOnMissingBean
	ResetsEndpoint resetsEndpoint(PeerSummaries resetGuardPeerSummaries, RecentResets resetGuardRecentResets) {
		return new ResetsEndpoint(resetGuardPeerSummaries, resetGuardRecentResets);
	}

}
