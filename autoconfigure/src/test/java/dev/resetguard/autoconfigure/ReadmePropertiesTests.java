package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code reset-guard.*} property the README names exists in the generated configuration
 * metadata, and the README's properties table lists every property there is.
 */
class ReadmePropertiesTests {

	private static final Pattern PROPERTY = Pattern.compile("reset-guard\\.[a-z0-9.-]*[a-z0-9]");

	@Test
	void everyPropertyNamedInTheReadmeExists() throws IOException {
		Set<String> known = metadataNames();
		Set<String> named = new LinkedHashSet<>();
		Matcher matcher = PROPERTY.matcher(readme());
		while (matcher.find()) {
			String name = matcher.group();
			// "reset-guard.peers[x\:443].retry.max-attempts" names a per-peer override of a retry property;
			// "reset-guard.json" and "reset-guard.yaml" name the dashboard's files.
			if (!name.startsWith("reset-guard.peers") && !isFileName(name)) {
				named.add(name);
			}
		}
		assertThat(named).isNotEmpty();
		assertThat(known).containsAll(named.stream().filter((name) -> !isGroup(name, known)).toList());
	}

	@Test
	void readmeTableListsEveryProperty() throws IOException {
		String readme = readme();
		assertThat(metadataNames()).allSatisfy((name) -> assertThat(readme).contains("| `" + name + "` |"));
	}

	private static boolean isFileName(String name) {
		return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
	}

	private static boolean isGroup(String name, Set<String> known) {
		return known.stream().anyMatch((property) -> property.startsWith(name + "."));
	}

	private static Set<String> metadataNames() throws IOException {
		try (InputStream input = ReadmePropertiesTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			List<String> names = JsonPath.parse(input).read("$.properties[*].name");
			return new LinkedHashSet<>(names);
		}
	}

	private static String readme() throws IOException {
		return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
	}

}
