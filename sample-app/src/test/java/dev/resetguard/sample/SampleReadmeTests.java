package dev.resetguard.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start names only {@code sample.*} properties and scenarios that exist.
 */
class SampleReadmeTests {

	private static final Pattern PROPERTY = Pattern.compile("\\bsample\\.([a-z][a-z-]*[a-z])");

	private static final Pattern SCENARIO_ROW = Pattern.compile("(?m)^\\| `([a-z-]+)`");

	@Test
	void samplePropertiesInReadmeExist() throws IOException {
		Set<String> named = find(PROPERTY, readme());
		Set<String> bound = Arrays.stream(BeanUtils.getPropertyDescriptors(SampleProperties.class))
			.filter((descriptor) -> descriptor.getWriteMethod() != null)
			.map((descriptor) -> kebab(descriptor.getName()))
			.collect(Collectors.toSet());
		assertThat(named).isNotEmpty();
		assertThat(bound).containsAll(named);
	}

	@Test
	void readmeListsEveryScenario() throws IOException {
		Set<String> listed = find(SCENARIO_ROW, readme());
		Set<String> scenarios = Arrays.stream(Scenario.values()).map(Scenario::value).collect(Collectors.toSet());
		assertThat(listed).containsAll(scenarios);
	}

	private static String readme() throws IOException {
		return Files.readString(Path.of("..", "README.md"));
	}

	private static Set<String> find(Pattern pattern, String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

}
