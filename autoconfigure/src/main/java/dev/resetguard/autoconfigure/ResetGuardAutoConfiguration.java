package dev.resetguard.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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

}
