package dev.resetguard.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is the front door of the manual in {@code docs/} (DESIGN.md section 7): it stays short,
 * it links to every page of the manual, and no relative link in the README or the manual leads nowhere,
 * whether to a file or to a heading in it. The one page allowed to be absent is the diagnosis accuracy
 * report, which the README links to before it is written.
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Path README = ROOT.resolve("README.md");

	private static final Path DOCS = ROOT.resolve("docs");

	private static final Path MAY_BE_ABSENT = DOCS.resolve("design/diagnosis-accuracy.md");

	private static final int MAX_README_LINES = 250;

	// [text](target) with a target that is not an absolute URL; images and links alike.
	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

	@Test
	void readmeHasAtMost250Lines() throws IOException {
		assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(MAX_README_LINES);
	}

	@Test
	void readmeLinksToEveryPageOfTheManual() throws IOException {
		Set<Path> pages = new TreeSet<>(markdownUnder(DOCS));
		pages.add(MAY_BE_ABSENT);
		Set<Path> linked = new TreeSet<>();
		for (String target : relativeLinks(README)) {
			linked.add(resolve(README, target));
		}
		assertThat(linked).containsAll(pages);
	}

	@Test
	void everyRelativeLinkLeadsToAnExistingFile() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path page : pagesChecked()) {
			for (String target : relativeLinks(page)) {
				Path file = resolve(page, target);
				if (!Files.exists(file) && !file.equals(MAY_BE_ABSENT)) {
					broken.add(ROOT.relativize(page) + " -> " + target);
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void everyLinkToAHeadingNamesOneThatExists() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path page : pagesChecked()) {
			for (String target : relativeLinks(page)) {
				int hash = target.indexOf('#');
				Path file = resolve(page, target);
				if (hash >= 0 && file.toString().endsWith(".md") && Files.exists(file)
						&& !anchors(file).contains(target.substring(hash + 1))) {
					broken.add(ROOT.relativize(page) + " -> " + target);
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private static List<Path> pagesChecked() throws IOException {
		List<Path> pages = new ArrayList<>();
		pages.add(README);
		pages.addAll(markdownUnder(DOCS));
		return pages;
	}

	private static List<Path> markdownUnder(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.toString().endsWith(".md")).map(Path::normalize).sorted().toList();
		}
	}

	// Targets of the page's links outside code blocks, other than absolute URLs.
	private static List<String> relativeLinks(Path page) throws IOException {
		List<String> targets = new ArrayList<>();
		for (String line : prose(page)) {
			Matcher matcher = LINK.matcher(line);
			while (matcher.find()) {
				String target = matcher.group(1);
				if (!target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
					targets.add(target);
				}
			}
		}
		return targets;
	}

	// The file a link leads to; a bare "#heading" leads to the page itself.
	private static Path resolve(Path page, String target) {
		int hash = target.indexOf('#');
		String file = (hash >= 0) ? target.substring(0, hash) : target;
		return file.isEmpty() ? page : page.getParent().resolve(file).normalize();
	}

	// The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as hyphens.
	private static Set<String> anchors(Path page) throws IOException {
		Set<String> anchors = new TreeSet<>();
		for (String line : prose(page)) {
			Matcher matcher = HEADING.matcher(line);
			if (matcher.matches()) {
				anchors.add(matcher.group(1)
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

	// The page's lines outside fenced code blocks.
	private static List<String> prose(Path page) throws IOException {
		List<String> prose = new ArrayList<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) {
				fenced = !fenced;
			}
			else if (!fenced) {
				prose.add(line);
			}
		}
		return prose;
	}

}
