package dev.resetguard.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Reset Guard. Switched off by
 * {@code reset-guard.enabled=false}, in which case the {@code reset-guard.*} properties are neither
 * bound nor validated.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "reset-guard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResetGuardProperties.class)
public final class ResetGuardAutoConfiguration {

}
