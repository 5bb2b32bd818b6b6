package dev.resetguard.reliability.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

/**
 * The {@code reset-guard.*} properties as the configuration metadata that the configuration
 * processor generated into {@code reset-guard-spring-boot} declares them: the list IDEs complete
 * from, so a property a user can set is in it. Several jars on the class path carry a
 * {@code META-INF/spring-configuration-metadata.json}; Reset Guard's is the one that declares
 * {@code reset-guard.*} names.
 */
final class ResetGuardMetadata {

	static final String PREFIX = "reset-guard.";

	/** The per-peer overrides: a map, whose values take every {@code reset-guard.retry.*} property. */
	static final String PEERS = "reset-guard.peers";

	private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";

	private ResetGuardMetadata() {
	}

	/**
	 * Return every {@code reset-guard.*} property declared in the metadata with its declared type.
	 * @return property name to fully-qualified type name, in metadata order
	 */
	static Map<String, String> properties() {
		List<Map<String, Object>> found = new ArrayList<>();
		try {
			for (URL url : Collections.list(ResetGuardMetadata.class.getClassLoader().getResources(RESOURCE))) {
				List<Map<String, Object>> properties = read(url);
				if (properties.stream().anyMatch((property) -> name(property).startsWith(PREFIX))) {
					found.addAll(properties);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (Map<String, Object> property : found) {
			if (name(property).startsWith(PREFIX)) {
				properties.put(name(property), (String) property.get("type"));
			}
		}
		if (properties.isEmpty()) {
			throw new IllegalStateException("No " + RESOURCE + " declares reset-guard.* properties");
		}
		return properties;
	}

	private static String name(Map<String, Object> property) {
		return (String) property.get("name");
	}

	private static List<Map<String, Object>> read(URL url) throws IOException {
		try (InputStream input = url.openStream()) {
			return JsonPath.parse(input).read("$.properties");
		}
	}

}
