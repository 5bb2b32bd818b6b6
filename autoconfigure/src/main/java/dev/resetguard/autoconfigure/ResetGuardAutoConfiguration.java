package dev.resetguard.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Reset Guard. Switched off by
 * {@code reset-guard.enabled=false}, in which case the {@code reset-guard.*} properties are neither
 * bound nor validated; a value other than {@code true} or {@code false} fails startup.
 */
@AutoConfiguration
@Conditional(OnResetGuardEnabledCondition.class)
@EnableConfigurationProperties(ResetGuardProperties.class)
public final class ResetGuardAutoConfiguration {

	// Validates ResetGuardProperties as Boot binds them, and nothing else: the validator supports no other
	// type. A bind handler rather than a Validator on the properties keeps them data only, and rather than a
	// configurationPropertiesValidator bean, whose single name belongs to the application.
	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor resetGuardPropertiesValidation() {
		return (handler) -> new ValidationBindHandler(handler, ResetGuardPropertiesValidator.INSTANCE);
	}

}
