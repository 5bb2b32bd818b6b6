package dev.resetguard.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionProperties;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

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
	void invalidPropertiesShouldFailStartup() {
		this.contextRunner.withPropertyValues("reset-guard.retry.jitter=5")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void invalidPropertiesShouldFailStartupBesideTheApplicationsOwnValidator() {
		this.contextRunner.withPropertyValues("reset-guard.retry.jitter=5")
			.withBean("configurationPropertiesValidator", Validator.class, NoOpValidator::new)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void otherPropertiesShouldStillBind() {
		this.contextRunner.withPropertyValues("spring.task.execution.pool.core-size=5")
			.withUserConfiguration(OtherPropertiesConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(TaskExecutionProperties.class)
				.extracting((properties) -> properties.getPool().getCoreSize())
				.isEqualTo(5));
	}

	@Test
	void shouldBeListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardAutoConfiguration.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TaskExecutionProperties.class)
	static class OtherPropertiesConfiguration {

	}

	static class NoOpValidator implements Validator {

		@Override
		public boolean supports(Class<?> type) {
			return true;
		}

		@Override
		public void validate(Object target, Errors errors) {
		}

	}

}
