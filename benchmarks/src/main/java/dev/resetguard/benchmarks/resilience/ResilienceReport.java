package dev.resetguard.benchmarks.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.resetguard.benchmarks.MachineFacts;
import dev.resetguard.test.ChaosServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience scenario harness: runs every {@link Scenario} for every {@link Contender} against a fresh
 * chaos server and a fresh application, and writes a Markdown report of success rate, attempts per call,
 * duplicated POSTs, latency, resets seen and resets prevented, with the command, JDK and machine.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.resilience.ResilienceReport
 * [output.md] [--calls=10000] [--idle-calls=40] [--seed=42] [--scenarios=get-resets,...]
 * [--contenders=plain,...] [--note=text]}.
 */
public final class ResilienceReport {

	private static final Logger logger = LoggerFactory.getLogger(ResilienceReport.class);

	private static final Duration DEADLINE = Duration.ofMinutes(2);

	// The fast idle scenario's calls take 25 times less time than the slow one's; 5 times as many of them.
	private static final int FAST_IDLE_CALLS = 5;

	private ResilienceReport() {
	}

	/**
	 * Run the scenarios and write the report.
	 * @param args the output file (default {@code benchmarks/results/resilience.md}) and options
	 * @throws Exception if a run fails or the report cannot be written
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = Settings.parse(args);
		long start = System.nanoTime();
		String loadAtStart = MachineFacts.loadAverage();
		String facts = MachineFacts.markdown();
		List<ScenarioResult> results = run(settings);
		String report = ResilienceMarkdown.render(results, settings, String.join(" ", args), facts,
				(System.nanoTime() - start) / 1e9, loadAtStart, MachineFacts.loadAverage());
		Files.createDirectories(settings.output().toAbsolutePath().getParent());
		Files.writeString(settings.output(), report, StandardCharsets.UTF_8);
		logger.info("Wrote {}", settings.output().toAbsolutePath());
	}

	/**
	 * Run every selected scenario for every selected contender.
	 * @param settings what to run
	 * @return one result per scenario and contender, in that order
	 * @throws InterruptedException if interrupted
	 * @throws ExecutionException if a run fails
	 */
	static List<ScenarioResult> run(Settings settings) throws InterruptedException, ExecutionException {
		List<ScenarioResult> results = new ArrayList<>();
		for (Scenario scenario : settings.scenarios()) {
			List<ScenarioResult> scenarioResults = new ArrayList<>();
			if (scenario.learns()) {
				// Idle scenarios mostly sleep: their contenders run side by side, each with its own server and
				// application. Applications start one at a time, as Boot's logging system is global.
				List<Run> runs = new ArrayList<>();
				ExecutorService executor = Executors.newFixedThreadPool(settings.contenders().size());
				try {
					for (Contender contender : settings.contenders()) {
						runs.add(new Run(scenario, contender, settings));
					}
					List<Future<ScenarioResult>> futures = new ArrayList<>();
					for (Run run : runs) {
						futures.add(executor.submit(run::call));
					}
					for (Future<ScenarioResult> future : futures) {
						scenarioResults.add(future.get());
					}
				}
				finally {
					executor.shutdownNow();
					runs.forEach(Run::close);
				}
			}
			else {
				for (Contender contender : settings.contenders()) {
					try (Run run = new Run(scenario, contender, settings)) {
						scenarioResults.add(run.call());
					}
				}
			}
			for (ScenarioResult result : scenarioResults) {
				logger.info(String.format(Locale.ROOT, "%-17s %-13s success %.4f, attempts/call %.3f, %.1f s",
						scenario.id(), result.contender().label(), result.successRate(), result.attemptsPerCall(),
						result.wallSeconds()));
			}
			results.addAll(scenarioResults);
		}
		return results;
	}

	/**
	 * One contender in one scenario, with a fresh chaos server and a fresh application.
	 */
	private static final class Run implements AutoCloseable {

		private final Scenario scenario;

		private final Contender contender;

		private final ChaosServer server;

		private final ContenderClient client;

		private final Workload workload;

		Run(Scenario scenario, Contender contender, Settings settings) {
			this.scenario = scenario;
			this.contender = contender;
			this.server = ChaosServer.start();
			this.client = contender.open(this.server.url(""), scenario.resetGuardProperties());
			scenario.prepare(this.server, settings.seed());
			int calls = switch (scenario) {
				case IDLE_TIMEOUT -> settings.idleCalls();
				case IDLE_TIMEOUT_FAST -> settings.idleCalls() * FAST_IDLE_CALLS;
				default -> settings.calls();
			};
			int learning = scenario.learns() ? calls / 5 : Integer.MAX_VALUE;
			this.workload = new Workload(scenario, this.server, this.client, calls, learning, DEADLINE);
		}

		ScenarioResult call() throws InterruptedException {
			Workload.Tally tally = this.workload.run();
			return ScenarioResult.of(this.scenario, this.contender, tally, this.server.ledger(), this.client);
		}

		@Override
		public void close() {
			this.client.close();
			this.server.close();
		}

	}

	/**
	 * What to run and where to write it.
	 *
	 * @param output the report file
	 * @param calls the calls per scenario, where the scenario is not timed
	 * @param idleCalls the calls of the idle timeout scenario, which pause 1.5 s between calls; the fast
	 * one makes 5 times as many
	 * @param seed the seed of the server's random resets
	 * @param scenarios the scenarios
	 * @param contenders the contenders
	 * @param note what else was running, or anything else the reader should know
	 */
	record Settings(Path output, int calls, int idleCalls, long seed, List<Scenario> scenarios,
			List<Contender> contenders, String note) {

		static Settings parse(String... args) {
			Path output = Path.of("benchmarks/results/resilience.md");
			int calls = 10_000;
			int idleCalls = 40;
			long seed = 42;
			List<Scenario> scenarios = List.of(Scenario.values());
			List<Contender> contenders = List.of(Contender.values());
			String note = null;
			for (String arg : args) {
				String value = arg.substring(arg.indexOf('=') + 1);
				if (arg.startsWith("--calls=")) {
					calls = Integer.parseInt(value);
				}
				else if (arg.startsWith("--idle-calls=")) {
					idleCalls = Integer.parseInt(value);
				}
				else if (arg.startsWith("--seed=")) {
					seed = Long.parseLong(value);
				}
				else if (arg.startsWith("--scenarios=")) {
					scenarios = Arrays.stream(value.split(",")).map(Settings::scenario).toList();
				}
				else if (arg.startsWith("--contenders=")) {
					contenders = Arrays.stream(value.split(",")).map(Settings::contender).toList();
				}
				else if (arg.startsWith("--note=")) {
					note = value;
				}
				else if (arg.startsWith("--")) {
					throw new IllegalArgumentException("Unknown option " + arg);
				}
				else {
					output = Path.of(arg);
				}
			}
			return new Settings(output, calls, idleCalls, seed, scenarios, contenders, note);
		}

		private static Scenario scenario(String id) {
			return Arrays.stream(Scenario.values())
				.filter((scenario) -> scenario.id().equals(id))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown scenario " + id));
		}

		private static Contender contender(String label) {
			return Arrays.stream(Contender.values())
				.filter((contender) -> contender.label().equals(label))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown contender " + label));
		}

	}

}
