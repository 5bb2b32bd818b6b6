package dev.resetguard.autoconfigure;

import java.time.Duration;

import dev.resetguard.retry.NonIdempotentRetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.resetguard.autoconfigure.ResetGuardProperties.Peer;
import dev.resetguard.autoconfigure.ResetGuardProperties.Retry;

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
	void determineRetryShouldApplyThePeerOverride() {
		ResetGuardProperties properties = propertiesWithPaymentsPeer();
		assertThat(properties.determineRetry(PAYMENTS).getMaxAttempts()).isEqualTo(5);
	}

	@Test
	void determineRetryShouldInheritWhatThePeerDoesNotOverride() {
		ResetGuardProperties properties = propertiesWithPaymentsPeer();
		properties.getRetry().setInitialBackoff(Duration.ofMillis(250));
		assertThat(properties.determineRetry(PAYMENTS).getInitialBackoff()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void determineRetryShouldApplyAPeerBudgetOverride() {
		ResetGuardProperties properties = propertiesWithPaymentsPeer();
		properties.getPeers().get(PAYMENTS).getRetry().getBudget().setRatio(0.5);
		assertThat(properties.determineRetry(PAYMENTS).getBudget().getRatio()).isEqualTo(0.5);
	}

	@Test
	void determineRetryShouldInheritTheBudgetSettingsThePeerDoesNotOverride() {
		ResetGuardProperties properties = propertiesWithPaymentsPeer();
		properties.getPeers().get(PAYMENTS).getRetry().getBudget().setRatio(0.5);
		assertThat(properties.determineRetry(PAYMENTS).getBudget().getMinPerSecond()).isEqualTo(10);
	}

	@Test
	void determineRetryForAPeerWithoutOverridesShouldReturnTheGlobalSettings() {
		ResetGuardProperties properties = propertiesWithPaymentsPeer();
		properties.getRetry().setNonIdempotent(NonIdempotentRetry.NEVER);
		Retry retry = properties.determineRetry("orders.internal:443");
		assertThat(retry).usingRecursiveComparison().isEqualTo(properties.getRetry());
	}

	@Test
	void determineRetryShouldOverrideEverySetting() {
		ResetGuardProperties properties = new ResetGuardProperties();
		Peer peer = new Peer();
		peer.getRetry().setMaxAttempts(7);
		peer.getRetry().setInitialBackoff(Duration.ofMillis(10));
		peer.getRetry().setMultiplier(1.5);
		peer.getRetry().setMaxBackoff(Duration.ofSeconds(9));
		peer.getRetry().setJitter(0.0);
		peer.getRetry().setNonIdempotent(NonIdempotentRetry.ALWAYS);
		peer.getRetry().setIdempotencyHeader("X-Request-Id");
		peer.getRetry().getBudget().setRatio(1.0);
		peer.getRetry().getBudget().setMinPerSecond(0);
		properties.getPeers().put(PAYMENTS, peer);
		assertThat(properties.determineRetry(PAYMENTS)).usingRecursiveComparison().isEqualTo(peer.getRetry());
	}

	@Test
	void determineRetryShouldReturnACopyOfTheGlobalSettings() {
		ResetGuardProperties properties = new ResetGuardProperties();
		properties.determineRetry(PAYMENTS).setMaxAttempts(9);
		assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(3);
	}

	private static ResetGuardProperties propertiesWithPaymentsPeer() {
		ResetGuardProperties properties = new ResetGuardProperties();
		Peer peer = new Peer();
		peer.getRetry().setMaxAttempts(5);
		properties.getPeers().put(PAYMENTS, peer);
		return properties;
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
