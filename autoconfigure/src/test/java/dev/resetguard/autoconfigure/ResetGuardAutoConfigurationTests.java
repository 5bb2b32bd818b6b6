package dev.resetguard.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResetGuardAutoConfiguration}.
 */
class ResetGuardAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class));

	@Test
	void shouldBindPropertiesByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ResetGuardProperties.class));
	}

	@Test
	void shouldBindPropertiesWhenExplicitlyEnabled() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ResetGuardProperties.class));
	}

	@Test
	void disabledShouldBackOff() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResetGuardProperties.class));
	}

	@Test
	void disabledShouldNotValidateTheOtherProperties() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false", "reset-guard.retry.jitter=5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldBeListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardAutoConfiguration.class.getName());
	}

}
