package dev.resetguard.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * The sample's guide, {@code docs/guides/sample-app.md}, and the README's few lines on the sample name
 * only {@code sample.*} properties that exist; the guide's scenario table has one row per scenario and
 * no other, and the README names every scenario.
 */
class SampleGuideTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path GUIDE = Path.of("..", "docs", "guides", "sample-app.md");

	private static final Pattern PROPERTY = Pattern.compile("\\bsample\\.([a-z][a-z-]*[a-z])");

	private static final String SCENARIO_HEADER = "| `sample.scenario` |";

	private static final Pattern SCENARIO_CELL = Pattern.compile("^\\| `([a-z-]+)`");

	@Test
	void samplePropertiesNamedInTheReadmeAndGuideExist() throws IOException {
		Set<String> named = find(PROPERTY, Files.readString(README) + Files.readString(GUIDE));
		Set<String> bound = Arrays.stream(BeanUtils.getPropertyDescriptors(SampleProperties.class))
			.filter((descriptor) -> descriptor.getWriteMethod() != null)
			.map((descriptor) -> kebab(descriptor.getName()))
			.collect(Collectors.toSet());
		assertThat(named).isNotEmpty();
		assertThat(bound).containsAll(named);
	}

	@Test
	void guideHasOneRowPerScenarioAndNoOther() throws IOException {
		assertThat(scenarioRows()).containsExactlyInAnyOrderElementsOf(scenarios());
	}

	@Test
	void readmeNamesEveryScenario() throws IOException {
		String readme = Files.readString(README);
		assertThat(scenarios()).allSatisfy((scenario) -> assertThat(readme).contains("`" + scenario + "`"));
	}

	private static List<String> scenarios() {
		return Arrays.stream(Scenario.values()).map(Scenario::value).toList();
	}

	// The first cell of each row of the table headed "| `sample.scenario` | ...".
	private static List<String> scenarioRows() throws IOException {
		List<String> lines = Files.readAllLines(GUIDE);
		int header = 0;
		while (header < lines.size() && !lines.get(header).startsWith(SCENARIO_HEADER)) {
			header++;
		}
		assertThat(header).as("a scenario table in %s", GUIDE).isLessThan(lines.size());
		List<String> rows = new ArrayList<>();
		for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			Matcher matcher = SCENARIO_CELL.matcher(lines.get(i));
			assertThat(matcher.find()).as("scenario row '%s'", lines.get(i)).isTrue();
			rows.add(matcher.group(1));
		}
		return rows;
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
