package dev.resetguard.autoconfigure;

import java.util.function.Consumer;

import dev.resetguard.CallRetries;
import dev.resetguard.ResetGuard;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.forensics.RetryDecisionListener;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.restart.PeerProbe;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.PeerRetrySettings;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.tracing.ResetObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of what every Reset Guard client integration
 * shares: the reset classifier, cause inference, the recorder that turns failures into events, the
 * per-peer retry settings and budgets, the retry state of every client's calls ({@link CallRetries}), the
 * meters and the programmatic {@link ResetGuard} API.
 */
@AutoConfiguration(after = ResetGuardAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
public final class ResetGuardCoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResetClassifier resetClassifier() {
		return new ResetClassifier();
	}

	@Bean
	@ConditionalOnMissingBean
	CauseInference resetGuardCauseInference(ResetGuardProperties properties,
			ObjectProvider<AdaptiveIdlePolicy> resetGuardAdaptiveIdlePolicy) {
		ResetGuardProperties.Cause cause = properties.getCause();
		CauseSettings settings = new CauseSettings(cause.getMiddleboxSilence(), cause.getRestartWindow(),
				cause.getRestartMinConnections(), properties.getPrevention().getMinIdle());
		AdaptiveIdlePolicy policy = resetGuardAdaptiveIdlePolicy.getIfAvailable();
		return (policy != null) ? new CauseInference(settings, policy) : new CauseInference(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	PeerRetrySettings resetGuardPeerRetrySettings(ResetGuardProperties properties) {
		ResetGuardProperties.Retry retry = properties.getRetry();
		RetrySettings defaults = RetrySettings.builder()
			.maxAttempts(retry.getMaxAttempts())
			.initialBackoff(retry.getInitialBackoff())
			.multiplier(retry.getMultiplier())
			.maxBackoff(retry.getMaxBackoff())
			.jitter(retry.getJitter())
			.nonIdempotent(retry.getNonIdempotent())
			.idempotencyHeader(retry.getIdempotencyHeader())
			.budgetRatio(retry.getBudget().getRatio())
			.budgetMinPerSecond(retry.getBudget().getMinPerSecond())
			.build();
		PeerRetrySettings.Builder settings = PeerRetrySettings.builder(defaults);
		properties.getPeers().forEach((peer, overrides) -> settings.peer(peer, overriding(overrides.getRetry())));
		return settings.build();
	}

	// PropertyMapper skips what the peer left unset, so the builder keeps the inherited value.
	private static Consumer<RetrySettings.Builder> overriding(ResetGuardProperties.RetryOverrides overrides) {
		return (builder) -> {
			PropertyMapper map = PropertyMapper.get();
			map.from(overrides.getMaxAttempts()).to(builder::maxAttempts);
			map.from(overrides.getInitialBackoff()).to(builder::initialBackoff);
			map.from(overrides.getMultiplier()).to(builder::multiplier);
			map.from(overrides.getMaxBackoff()).to(builder::maxBackoff);
			map.from(overrides.getJitter()).to(builder::jitter);
			map.from(overrides.getNonIdempotent()).to(builder::nonIdempotent);
			map.from(overrides.getIdempotencyHeader()).to(builder::idempotencyHeader);
			map.from(overrides.getBudget().getRatio()).to(builder::budgetRatio);
			map.from(overrides.getBudget().getMinPerSecond()).to(builder::budgetMinPerSecond);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	RetryBudgets resetGuardRetryBudgets(PeerRetrySettings peerRetrySettings, ResetGuardProperties properties) {
		return new RetryBudgets(peerRetrySettings, properties.getMetrics().getMaxPeers(), System::nanoTime);
	}

	@Bean
	@ConditionalOnMissingBean
	ResetGuardMetrics resetGuardMetrics(ObjectProvider<MeterRegistry> meterRegistry, ResetGuardProperties properties) {
		// Without a registry bean (no actuator), Micrometer's global registry still lets users add one.
		return new ResetGuardMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry),
				properties.getMetrics().getMaxPeers(), Tags.empty());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "reset-guard.prevention.adaptive-idle", matchIfMissing = true)
	AdaptiveIdlePolicy resetGuardAdaptiveIdlePolicy(ResetGuardProperties properties) {
		return new AdaptiveIdlePolicy(AdaptiveIdlePolicy.DEFAULT_MARGIN, properties.getPrevention().getMinIdle(),
				properties.getMetrics().getMaxPeers());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "reset-guard.restart.ride-through", matchIfMissing = true)
	RestartRideThrough resetGuardRestartRideThrough(ResetGuardProperties properties,
			PeerRetrySettings resetGuardPeerRetrySettings) {
		return new RestartRideThrough(properties.getRestart().getMaxWait(), resetGuardPeerRetrySettings,
				PeerProbe.tcpConnect(properties.getSocket().getConnectTimeout()), properties.getMetrics().getMaxPeers());
	}

	@Bean
	@ConditionalOnMissingBean
	ResetRecorder resetGuardRecorder(ResetClassifier resetClassifier, CauseInference resetGuardCauseInference,
			ObjectProvider<ResetEventListener> listeners, ResetGuardProperties properties) {
		ResetEventListener listener = ResetEventListener.of(listeners.orderedStream().toList());
		return new ResetRecorder(resetClassifier, resetGuardCauseInference, listener,
				properties.getMetrics().getMaxPeers());
	}

	@Bean
	@ConditionalOnMissingBean
	CallRetries resetGuardCallRetries(PeerRetrySettings resetGuardPeerRetrySettings,
			RetryBudgets resetGuardRetryBudgets, ResetGuardMetrics resetGuardMetrics,
			ObjectProvider<CallOutcomeListener> callOutcomeListeners,
			ObjectProvider<RetryDecisionListener> retryDecisionListeners,
			ObjectProvider<RestartRideThrough> resetGuardRestartRideThrough, ResetRecorder resetGuardRecorder,
			ResetGuardProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		return new CallRetries(resetGuardPeerRetrySettings, resetGuardRetryBudgets, resetGuardMetrics,
				CallOutcomeListener.of(callOutcomeListeners.orderedStream().toList()),
				RetryDecisionListener.of(retryDecisionListeners.orderedStream().toList()),
				resetGuardRestartRideThrough.getIfAvailable(), Backoff.THREAD_LOCAL_RANDOM, resetGuardRecorder,
				observations(properties, observationRegistry));
	}

	@Bean
	@ConditionalOnMissingBean
	ResetGuard resetGuard(ResetRecorder resetGuardRecorder, CallRetries resetGuardCallRetries) {
		return ResetGuard.builder().recorder(resetGuardRecorder).callRetries(resetGuardCallRetries).build();
	}

	@Bean
	@ConditionalOnMissingBean(name = "resetGuardObservationMeterFilter")
	MeterFilter resetGuardObservationMeterFilter() {
		return ResetObservations.keepOutOfMetrics();
	}

	// Looked up rather than made a condition: the registry's auto-configuration lives in another module, and
	// a lookup sees a user's registry whatever the order of configurations.
	static @Nullable ResetObservations observations(ResetGuardProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		if (!properties.getTracing().isEnabled()) {
			return null;
		}
		ObservationRegistry registry = observationRegistry.getIfUnique();
		return (registry != null && !registry.isNoop()) ? new ResetObservations(registry) : null;
	}

}
