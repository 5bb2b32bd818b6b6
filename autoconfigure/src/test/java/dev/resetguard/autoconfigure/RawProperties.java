package dev.resetguard.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds properties to a test context with their names exactly as given. Unlike
 * {@code withPropertyValues}, which splits {@code name:value} at the first colon, it can express
 * peer keys such as {@code reset-guard.peers.[payments.internal:443].retry.max-attempts}.
 */
final class RawProperties {

	private RawProperties() {
	}

	/**
	 * Return an initializer that adds the given {@code name=value} pairs, split at the first
	 * {@code =}, as the highest-priority property source, named {@code test}.
	 * @param pairs the properties
	 * @return the initializer
	 */
	static ApplicationContextInitializer<ConfigurableApplicationContext> of(String... pairs) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String pair : pairs) {
			int separator = pair.indexOf('=');
			properties.put(pair.substring(0, separator), pair.substring(separator + 1));
		}
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", properties));
	}

}
