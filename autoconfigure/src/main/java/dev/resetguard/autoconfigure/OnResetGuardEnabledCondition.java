package dev.resetguard.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code reset-guard.enabled} is {@code false}, and fails startup when it is neither
 * {@code true} nor {@code false}. A property condition compares text, so a value such as
 * {@code maybe} would otherwise switch Reset Guard off without a word; binding it as a boolean
 * raises a bind failure that {@link ResetGuardPropertiesFailureAnalyzer} reports with the value and
 * what is allowed. An empty value binds nothing here, matches, and is then reported when
 * {@link ResetGuardProperties} is bound.
 */
class OnResetGuardEnabledCondition extends SpringBootCondition {

	private static final String PROPERTY = ResetGuardProperties.PREFIX + ".enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		BindResult<Boolean> enabled = Binder.get(context.getEnvironment()).bind(PROPERTY, Bindable.of(Boolean.class));
		if (enabled.isBound() && !enabled.get()) {
			return ConditionOutcome.noMatch(PROPERTY + " is false");
		}
		return ConditionOutcome.match(PROPERTY + " is " + (enabled.isBound() ? "true" : "not set"));
	}

}
