package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.PeerRegistry;
import dev.resetguard.observe.HealthThresholds;
import dev.resetguard.observe.RecentResets;
import dev.resetguard.observe.ResetStatistics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.NonIdempotentRetry;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.socket.SocketSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resetguard.autoconfigure.ResetGuardProperties.Health;
import dev.resetguard.autoconfigure.ResetGuardProperties.Retry;
import dev.resetguard.autoconfigure.ResetGuardProperties.Socket;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.ConversionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for binding {@link ResetGuardProperties}.
 */
class ResetGuardPropertiesTests {

	private static final String PAYMENTS = "payments.internal:443";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("dev.resetguard.autoconfigure.ContractProperties#namesAndDefaults")
	void defaultShouldMatchContract(String name, String contractDefault) {
		this.contextRunner.run((context) -> {
			BeanWrapperImpl properties = new BeanWrapperImpl(context.getBean(ResetGuardProperties.class));
			String path = beanPath(name);
			ConversionService conversionService = ApplicationConversionService.getSharedInstance();
			Object expected = conversionService.convert(contractDefault, properties.getPropertyType(path));
			assertThat(properties.getPropertyValue(path)).isEqualTo(expected);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "safe-only", "SAFE_ONLY", "safeOnly", "Safe-Only", "safe_only" })
	void nonIdempotentShouldBindRelaxedForms(String value) {
		this.contextRunner.withPropertyValues("reset-guard.retry.non-idempotent=" + value)
			.run((context) -> assertThat(context.getBean(ResetGuardProperties.class).getRetry().getNonIdempotent())
				.isEqualTo(NonIdempotentRetry.SAFE_ONLY));
	}

	@Test
	void peerKeyInBracketsInYamlShouldKeepDotsAndColon() {
		this.contextRunner.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.yml")
			.run((context) -> assertThat(context.getBean(ResetGuardProperties.class).getPeers()).containsKey(PAYMENTS));
	}

	@Test
	void peerKeyInBracketsInYamlShouldKeepItsCase() {
		this.contextRunner.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.yml")
			.run((context) -> assertThat(context.getBean(ResetGuardProperties.class).getPeers())
				.containsKey("Orders.Internal:8443"));
	}

	@Test
	void ipv6PeerKeyInDoubleBracketsInYamlShouldBind() {
		this.contextRunner.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.yml")
			.run((context) -> assertThat(context.getBean(ResetGuardProperties.class).getPeers())
				.containsKey("[::1]:8080"));
	}

	@Test
	void peerKeyInBracketsInPropertiesFileShouldKeepEscapedColon() {
		this.contextRunner
			.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.properties")
			.run((context) -> assertThat(context.getBean(ResetGuardProperties.class).getPeers())
				.containsOnlyKeys(PAYMENTS, "orders.internal:8443"));
	}

	@Test
	void peerOverrideShouldBindToThePeer() {
		this.contextRunner.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.yml")
			.run((context) -> assertThat(
					context.getBean(ResetGuardProperties.class).getPeers().get(PAYMENTS).getRetry().getMaxAttempts())
				.isEqualTo(5));
	}

	@Test
	void peerSettingsNotOverriddenShouldBindAsNull() {
		this.contextRunner.withPropertyValues("spring.config.location=classpath:dev/resetguard/autoconfigure/peers.yml")
			.run((context) -> assertThat(
					context.getBean(ResetGuardProperties.class).getPeers().get(PAYMENTS).getRetry().getJitter())
				.isNull());
	}

	@Test
	void defaultsShouldBeTheCoreDefaults() {
		ResetGuardProperties properties = new ResetGuardProperties();
		Retry retry = properties.getRetry();
		assertThat(retry.getMaxAttempts()).isEqualTo(RetrySettings.DEFAULT_MAX_ATTEMPTS);
		assertThat(retry.getInitialBackoff()).isEqualTo(RetrySettings.DEFAULT_INITIAL_BACKOFF);
		assertThat(retry.getMultiplier()).isEqualTo(RetrySettings.DEFAULT_MULTIPLIER);
		assertThat(retry.getMaxBackoff()).isEqualTo(RetrySettings.DEFAULT_MAX_BACKOFF);
		assertThat(retry.getJitter()).isEqualTo(RetrySettings.DEFAULT_JITTER);
		assertThat(retry.getNonIdempotent()).isEqualTo(RetrySettings.DEFAULT_NON_IDEMPOTENT);
		assertThat(retry.getIdempotencyHeader()).isEqualTo(RetrySettings.DEFAULT_IDEMPOTENCY_HEADER);
		assertThat(retry.getBudget().getRatio()).isEqualTo(RetrySettings.DEFAULT_BUDGET_RATIO);
		assertThat(retry.getBudget().getMinPerSecond()).isEqualTo(RetrySettings.DEFAULT_BUDGET_MIN_PER_SECOND);
		assertThat(properties.getPrevention().getMinIdle()).isEqualTo(CauseSettings.DEFAULT_STALE_IDLE)
			.isEqualTo(AdaptiveIdlePolicy.DEFAULT_FLOOR);
		assertThat(properties.getRestart().getMaxWait()).isEqualTo(RestartRideThrough.DEFAULT_MAX_WAIT);
		assertThat(properties.getCause().getMiddleboxSilence()).isEqualTo(CauseSettings.DEFAULT_MIDDLEBOX_SILENCE);
		assertThat(properties.getCause().getRestartWindow()).isEqualTo(CauseSettings.DEFAULT_RESTART_WINDOW);
		assertThat(properties.getCause().getRestartMinConnections())
			.isEqualTo(CauseSettings.DEFAULT_RESTART_MIN_CONNECTIONS);
		Socket socket = properties.getSocket();
		assertThat(new SocketSettings(socket.isKeepAlive(), socket.getKeepAliveIdle(), socket.getKeepAliveInterval(),
				socket.getConnectTimeout(), socket.getReadTimeout()))
			.isEqualTo(SocketSettings.ofDefaults());
		assertThat(properties.getMetrics().getMaxPeers()).isEqualTo(PeerRegistry.DEFAULT_MAX_PEERS);
		Health health = properties.getHealth();
		assertThat(health.getWindow()).isEqualTo(ResetStatistics.DEFAULT_WINDOW);
		assertThat(new HealthThresholds(health.getMinCalls(), health.getDegradedRatio(), health.getDownRatio()))
			.isEqualTo(HealthThresholds.DEFAULTS);
		assertThat(properties.getEvents().getCapacity()).isEqualTo(RecentResets.DEFAULT_CAPACITY);
	}

	private static String beanPath(String propertyName) {
		StringBuilder path = new StringBuilder();
		boolean upperCaseNext = false;
		for (char c : propertyName.substring("reset-guard.".length()).toCharArray()) {
			if (c == '-') {
				upperCaseNext = true;
			}
			else {
				path.append(upperCaseNext ? Character.toUpperCase(c) : c);
				upperCaseNext = false;
			}
		}
		return path.toString();
	}

}
