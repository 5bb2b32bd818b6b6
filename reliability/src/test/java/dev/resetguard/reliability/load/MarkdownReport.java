package dev.resetguard.reliability.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A figures table written to {@code target/reliability/<name>.md} of this module and logged, so a run's
 * figures can be read in CI output and kept as a build artifact.
 */
final class MarkdownReport {

	private static final Logger logger = LoggerFactory.getLogger(MarkdownReport.class);

	private final String title;

	private final List<String> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	MarkdownReport(String title) {
		this.title = title;
	}

	MarkdownReport row(String figure, Object value) {
		this.rows.add("| " + figure + " | " + value + " |");
		return this;
	}

	MarkdownReport note(String note) {
		this.notes.add(note);
		return this;
	}

	/**
	 * Write the report and log it.
	 * @param name the file name, without {@code .md}
	 */
	void write(String name) throws IOException {
		StringBuilder text = new StringBuilder();
		text.append("# ").append(this.title).append("\n\n| figure | value |\n|---|---|\n");
		this.rows.forEach((row) -> text.append(row).append('\n'));
		if (!this.notes.isEmpty()) {
			text.append('\n');
			this.notes.forEach((note) -> text.append(note).append("\n\n"));
		}
		Path file = Path.of(System.getProperty("basedir", "."), "target", "reliability",
				name.toLowerCase(Locale.ROOT) + ".md");
		Files.createDirectories(file.getParent());
		Files.writeString(file, text, StandardCharsets.UTF_8);
		logger.info("{} ({}):\n{}", this.title, file, text);
	}

}
