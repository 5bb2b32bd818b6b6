package dev.resetguard.dashboards;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program outside the JVM that the checks need. A missing program fails the build with what to
 * install instead of skipping the check: CI installs them in {@code .ci/run}.
 */
enum ExternalTool {

	/** Prometheus's command-line tool, from Debian's {@code prometheus} package. */
	PROMTOOL("promtool", "install Debian's prometheus package: apt-get install -y prometheus"),

	/** The Prometheus server, from Debian's {@code prometheus} package. */
	PROMETHEUS("prometheus", "install Debian's prometheus package: apt-get install -y prometheus"),

	/** Node.js, which runs the dashboard's schema validation. */
	NODE("node", "install Node.js 18 or newer: apt-get install -y nodejs npm");

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	private final String command;

	private final String installHint;

	ExternalTool(String command, String installHint) {
		this.command = command;
		this.installHint = installHint;
	}

	/**
	 * Return the program's path.
	 * @return the executable found on the {@code PATH}
	 * @throws IllegalStateException if it is not installed, saying how to install it
	 */
	Path path() {
		return find().orElseThrow(() -> new IllegalStateException("'" + this.command
				+ "' is not on the PATH; the dashboards checks need it: " + this.installHint
				+ " (.ci/run installs it with dashboards/install-tools)"));
	}

	/**
	 * Run the program to completion.
	 * @param workingDirectory the directory to run it in
	 * @param stdin what to write to its standard input, or {@code null} for nothing
	 * @param arguments its arguments
	 * @return its exit code and output
	 */
	ToolRun run(Path workingDirectory, String stdin, String... arguments) {
		List<String> commandLine = new ArrayList<>();
		commandLine.add(path().toString());
		commandLine.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(commandLine).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.start();
			CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
			try (var in = process.getOutputStream()) {
				if (stdin != null) {
					in.write(stdin.getBytes(StandardCharsets.UTF_8));
				}
			}
			if (!process.waitFor(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException(String.join(" ", commandLine) + " did not finish within "
						+ DEFAULT_TIMEOUT.toSeconds() + "s");
			}
			return new ToolRun(String.join(" ", commandLine), process.exitValue(), output.join());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running " + this.command, ex);
		}
	}

	private Optional<Path> find() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, this.command);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	private static String readAll(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
