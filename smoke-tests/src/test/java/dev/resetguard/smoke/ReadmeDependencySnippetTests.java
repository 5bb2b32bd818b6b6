package dev.resetguard.smoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency the README tells users to add is, character for character, the one every smoke
 * application depends on, so what the smoke tests prove holds for the README's snippet.
 */
class ReadmeDependencySnippetTests {

	private static final Pattern STARTER_DEPENDENCY = Pattern.compile(
			"^([ \\t]*)<dependency>\\R(?:(?!\\1</dependency>).*\\R)*?[ \\t]*<artifactId>reset-guard-spring-boot-starter</artifactId>\\R(?:.*\\R)*?\\1</dependency>",
			Pattern.MULTILINE);

	private static final Path SMOKE_APPLICATIONS = Paths.get("src/it");

	private static final Path README = Paths.get("../README.md");

	@Test
	void everySmokeApplicationDependsOnTheStarterExactlyAsTheReadmeShows() throws IOException {
		String readmeSnippet = unindented(theOnlyStarterDependencyIn(README));
		List<Path> poms = smokeApplicationPoms();
		assertThat(poms).hasSizeGreaterThanOrEqualTo(5);
		for (Path pom : poms) {
			assertThat(unindented(theOnlyStarterDependencyIn(pom))).as("the starter dependency in %s", pom)
				.isEqualTo(readmeSnippet);
		}
	}

	@Test
	void readmeSnippetIsTheStarterAtThisVersionWithTwoSpaceIndentation() throws IOException {
		assertThat(unindented(theOnlyStarterDependencyIn(README))).isEqualTo("""
				<dependency>
				  <groupId>dev.resetguard</groupId>
				  <artifactId>reset-guard-spring-boot-starter</artifactId>
				  <version>0.1.0-SNAPSHOT</version>
				</dependency>""");
	}

	private static List<Path> smokeApplicationPoms() throws IOException {
		try (Stream<Path> applications = Files.list(SMOKE_APPLICATIONS)) {
			return applications.map((application) -> application.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList();
		}
	}

	private static String theOnlyStarterDependencyIn(Path file) throws IOException {
		Matcher matcher = STARTER_DEPENDENCY.matcher(Files.readString(file, StandardCharsets.UTF_8));
		assertThat(matcher.find()).as("a <dependency> on the starter in %s", file).isTrue();
		String block = matcher.group();
		assertThat(matcher.find()).as("a second <dependency> on the starter in %s", file).isFalse();
		return block;
	}

	/**
	 * Strip the indentation of the block's first line from each of its lines: a pom nests the snippet
	 * two levels deeper than the README shows it, and nothing else may differ.
	 */
	private static String unindented(String block) {
		String indentation = block.substring(0, block.indexOf('<'));
		return Pattern.compile("^" + Pattern.quote(indentation), Pattern.MULTILINE).matcher(block).replaceAll("");
	}

}
