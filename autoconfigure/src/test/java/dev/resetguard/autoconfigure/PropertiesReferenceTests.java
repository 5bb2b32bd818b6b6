package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration properties reference, {@code docs/reference/configuration-properties.md}, is the
 * generated configuration metadata in prose: its property tables have exactly one row per property of
 * the metadata, no more, each with the metadata's default and starting with its description; and every
 * {@code reset-guard.*} property that the README or any page of the manual names exists.
 */
class PropertiesReferenceTests {

	private static final Path ROOT = Path.of("..");

	private static final Path REFERENCE = ROOT.resolve("docs/reference/configuration-properties.md");

	private static final List<String> HEADER = List.of("property", "default", "description");

	private static final String NO_DEFAULT = "—";

	private static final Pattern PROPERTY = Pattern.compile("reset-guard\\.[a-z0-9.-]*[a-z0-9]");

	@Test
	void referenceHasOneRowPerMetadataPropertyAndNoOther() throws IOException {
		List<String> documented = rows().stream().map(Row::name).toList();
		assertThat(documented).containsExactlyInAnyOrderElementsOf(metadata().keySet());
	}

	@Test
	void everyRowGivesTheMetadataDefault() throws IOException {
		Map<String, Property> metadata = metadata();
		assertThat(rows()).filteredOn((row) -> metadata.containsKey(row.name()))
			.allSatisfy((row) -> assertThat(sameDefault(row.defaultValue(), metadata.get(row.name()).defaultValue()))
				.as("default of %s: documented %s, metadata %s", row.name(), row.defaultValue(),
						metadata.get(row.name()).defaultValue())
				.isTrue());
	}

	@Test
	void everyRowStartsWithTheMetadataDescription() throws IOException {
		Map<String, Property> metadata = metadata();
		assertThat(rows()).filteredOn((row) -> metadata.containsKey(row.name()))
			.allSatisfy((row) -> assertThat(row.description()).as("description of %s", row.name())
				.startsWith(metadata.get(row.name()).description()));
	}

	@Test
	void everyPropertyNamedInTheDocumentationExists() throws IOException {
		Set<String> known = metadata().keySet();
		Set<String> named = new LinkedHashSet<>();
		for (Path page : documentation()) {
			Matcher matcher = PROPERTY.matcher(Files.readString(page, StandardCharsets.UTF_8));
			while (matcher.find()) {
				String name = matcher.group();
				// "reset-guard.peers[x\:443].retry.max-attempts" and "reset-guard.peers.[host:port].retry.*"
				// name per-peer overrides of retry properties; "reset-guard.json" and "reset-guard.yaml"
				// name the dashboard's files.
				if (!name.startsWith("reset-guard.peers") && !isFileName(name)) {
					named.add(name);
				}
			}
		}
		assertThat(named).isNotEmpty();
		assertThat(known).containsAll(named.stream().filter((name) -> !isGroup(name, known)).toList());
	}

	private static boolean sameDefault(String documented, Object metadata) {
		if (metadata == null) {
			return documented.equals(NO_DEFAULT);
		}
		if (metadata instanceof Number number) {
			return documented.matches("-?[0-9.]+")
					&& new BigDecimal(documented).compareTo(new BigDecimal(number.toString())) == 0;
		}
		return documented.equals(metadata.toString());
	}

	private static boolean isFileName(String name) {
		return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml");
	}

	private static boolean isGroup(String name, Set<String> known) {
		return known.stream().anyMatch((property) -> property.startsWith(name + "."));
	}

	// The rows of every table whose header is "| property | default | description |".
	private static List<Row> rows() throws IOException {
		List<Row> rows = new ArrayList<>();
		List<String> lines = Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("|") && cells(lines.get(i)).equals(HEADER)) {
				for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
					List<String> cells = cells(lines.get(i));
					assertThat(cells).as("row '%s'", lines.get(i)).hasSize(3);
					rows.add(new Row(cells.get(0), cells.get(1), cells.get(2)));
				}
			}
		}
		assertThat(rows).as("property rows in %s", REFERENCE).isNotEmpty();
		return rows;
	}

	private static List<String> cells(String line) {
		String inner = line.strip().substring(1, line.strip().length() - 1);
		return Stream.of(inner.split("\\|")).map(String::strip).map(PropertiesReferenceTests::unquote).toList();
	}

	private static String unquote(String cell) {
		return (cell.length() > 1 && cell.startsWith("`") && cell.endsWith("`")) ? cell.substring(1, cell.length() - 1)
				: cell;
	}

	private static List<Path> documentation() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(ROOT.resolve("README.md"));
		try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
			files.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static Map<String, Property> metadata() throws IOException {
		try (InputStream input = PropertiesReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			List<Map<String, Object>> properties = JsonPath.parse(input).read("$.properties[*]");
			Map<String, Property> byName = new LinkedHashMap<>();
			properties.forEach((property) -> byName.put((String) property.get("name"),
					new Property(property.get("defaultValue"), (String) property.get("description"))));
			return byName;
		}
	}

	private record Row(String name, String defaultValue, String description) {

	}

	private record Property(Object defaultValue, String description) {

	}

}
