package dev.resetguard.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Places the health indicator's {@code DEGRADED} status between {@code DOWN} and {@code UP} by
 * giving {@value #STATUS_ORDER} a default that includes it: Boot's status aggregator ignores
 * statuses missing from the order, so without one {@code DEGRADED} would never show in the overall
 * status. A default property, so any order the application sets wins. {@code DEGRADED} needs no
 * HTTP mapping, as unmapped statuses answer 200, and contributing one would drop Boot's default
 * 503 for {@code DOWN}.
 */
final class ResetGuardHealthStatusEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String STATUS_ORDER = "management.endpoint.health.status.order";

	static final String ORDER_WITH_DEGRADED = "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN";

	private static final String STATUS_AGGREGATOR = "org.springframework.boot.health.actuate.endpoint.StatusAggregator";

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ClassUtils.isPresent(STATUS_AGGREGATOR, application.getClassLoader())) {
			return;
		}
		Binder binder = Binder.get(environment);
		boolean enabled = binder.bind("reset-guard.enabled", Boolean.class).orElse(true);
		boolean indicatorEnabled = binder.bind("management.health.resetguard.enabled", Boolean.class)
			.orElseGet(() -> binder.bind("management.health.defaults.enabled", Boolean.class).orElse(true));
		if (!enabled || !indicatorEnabled || binder.bind(STATUS_ORDER, Bindable.listOf(String.class)).isBound()) {
			return;
		}
		DefaultPropertiesPropertySource.addOrMerge(Map.of(STATUS_ORDER, ORDER_WITH_DEGRADED),
				environment.getPropertySources());
	}

}
