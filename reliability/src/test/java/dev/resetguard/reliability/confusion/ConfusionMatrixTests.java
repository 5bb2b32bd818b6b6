package dev.resetguard.reliability.confusion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.resetguard.reliability.matrix.ClientSession;
import dev.resetguard.reliability.matrix.Fault;
import dev.resetguard.reliability.matrix.MatrixClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confusion matrix of issue 13: every realistic server behaviour through every client Reset Guard
 * decorates, with 1 and with 8 concurrent callers, counting the cause Reset Guard gave each reset against
 * the cause the evidence proves (DESIGN.md section 2), gated by {@link AccuracyGate} and written to
 * {@code target/reliability/confusion-matrix.md}. One application per client, shared by its cells; the
 * cells of a client run {@value #LANES} at a time, each against a chaos server of its own, because most of
 * them wait (idle timeouts, silences, downtimes) and Reset Guard keeps its inference state per peer.
 */
@Tag("long")
class ConfusionMatrixTests {

	static final List<MatrixClient> CLIENTS = List.of(MatrixClient.REST_CLIENT_HTTP_COMPONENTS,
			MatrixClient.REST_CLIENT_JDK, MatrixClient.REST_CLIENT_REACTOR, MatrixClient.REST_TEMPLATE,
			MatrixClient.WEB_CLIENT_EPOLL, MatrixClient.WEB_CLIENT_NIO, MatrixClient.SOCKET_FACTORY);

	static final List<Integer> CALLERS = List.of(1, 8);

	/**
	 * The behaviours driven: all of them, unless {@code -Dconfusion.behaviours} names some (enum names,
	 * comma-separated), to study a few cells while changing the inference. CI drives all.
	 */
	static final List<Behaviour> BEHAVIOURS = selectedBehaviours(System.getProperty("confusion.behaviours", ""));

	private static final int LANES = 3;

	private static final List<String> SETTINGS = List.of(
			"reset-guard.cause.middlebox-silence=" + Fault.MIDDLEBOX_SILENCE.toMillis() + "ms",
			// Adaptive idle would retire pooled connections before the idle timeout it learns, preventing the
			// very idle-timeout resets whose cause is measured here.
			"reset-guard.prevention.adaptive-idle=false");

	private static final Path REPORT = Path.of("target", "reliability", "confusion-matrix.md");

	private static final ConfusionMatrixReport report = new ConfusionMatrixReport();

	private static final long started = System.nanoTime();

	@TestFactory
	Stream<DynamicNode> confusionMatrix() {
		Stream<DynamicNode> clients = CLIENTS.stream()
			.map((client) -> DynamicContainer.dynamicContainer(client.title(), clientTests(client)));
		return Stream.concat(clients, Stream.of(DynamicTest.dynamicTest("every behaviour resets some connections",
				ConfusionMatrixTests::everyBehaviourResets)));
	}

	@AfterAll
	static void writeReport() throws Exception {
		report.write(REPORT, allCells(), (System.nanoTime() - started) / 1e9);
	}

	private static Stream<DynamicTest> clientTests(MatrixClient client) {
		List<ConfusionCell> cells = cells(client);
		Stream<DynamicTest> run = Stream
			.of(DynamicTest.dynamicTest("run its " + cells.size() + " cells", () -> runCells(client, cells)));
		Stream<DynamicTest> gates = cells.stream()
			.map((cell) -> DynamicTest.dynamicTest(cell.behaviour().title() + " × " + cell.callers(), () -> gate(cell)));
		return Stream.concat(run, gates);
	}

	private static void runCells(MatrixClient client, List<ConfusionCell> cells) throws Exception {
		long clientStarted = System.nanoTime();
		try (ClientSession session = ClientSession.open(client, SETTINGS)) {
			ConfusionCellRunner runner = new ConfusionCellRunner(session);
			AtomicInteger lanes = new AtomicInteger();
			ExecutorService executor = Executors.newFixedThreadPool(LANES,
					(task) -> new Thread(task, "confusion-lane-" + lanes.incrementAndGet()));
			Map<ConfusionCell, Future<CellTally>> runs = new LinkedHashMap<>();
			try {
				// Longest first, so that the lanes end together.
				cells.stream()
					.sorted(Comparator.comparing((ConfusionCell cell) -> cell.behaviour().timeLimit(cell.callers()))
						.reversed())
					.forEach((cell) -> runs.put(cell, executor.submit(() -> runner.run(cell))));
				List<String> failures = new ArrayList<>();
				for (Map.Entry<ConfusionCell, Future<CellTally>> run : runs.entrySet()) {
					try {
						report.record(run.getValue().get());
					}
					catch (ExecutionException ex) {
						report.harnessFailure(run.getKey(), String.valueOf(ex.getCause()));
						failures.add(run.getKey().name() + ": " + ex.getCause());
					}
				}
				assertThat(failures).as("cells the harness could not run").isEmpty();
			}
			finally {
				executor.shutdownNow();
				executor.awaitTermination(1, TimeUnit.MINUTES);
			}
			if (session.expectedChannelType() != null) {
				assertThat(session.channelTypes()).containsOnly(session.expectedChannelType());
			}
		}
		finally {
			report.clientSeconds(client, (System.nanoTime() - clientStarted) / 1e9);
		}
	}

	private static void gate(ConfusionCell cell) {
		CellTally tally = report.tally(cell);
		assertThat(tally).as("%s was run", cell.name()).isNotNull();
		assertThat(tally.injected()).as("%s: the server injected its behaviour at least once", cell.name())
			.isPositive();
		assertThat(AccuracyGate.violations(tally)).as("%s: %s", cell.name(), tally.causes()).isEmpty();
	}

	private static void everyBehaviourResets() {
		for (Behaviour behaviour : BEHAVIOURS) {
			assertThat(report.resets(behaviour)).as("resets of '%s' over every client (none: a harness bug)",
					behaviour.title())
				.isPositive();
		}
	}

	private static List<ConfusionCell> cells(MatrixClient client) {
		List<ConfusionCell> cells = new ArrayList<>();
		for (Behaviour behaviour : BEHAVIOURS) {
			for (int callers : CALLERS) {
				cells.add(new ConfusionCell(behaviour, client, callers));
			}
		}
		return cells;
	}

	static List<Behaviour> selectedBehaviours(String names) {
		if (names.isBlank()) {
			return List.of(Behaviour.values());
		}
		return Stream.of(names.split(",")).map(String::strip).map(Behaviour::valueOf).toList();
	}

	private static List<ConfusionCell> allCells() {
		List<ConfusionCell> cells = new ArrayList<>();
		for (Behaviour behaviour : BEHAVIOURS) {
			for (MatrixClient client : CLIENTS) {
				for (int callers : CALLERS) {
					cells.add(new ConfusionCell(behaviour, client, callers));
				}
			}
		}
		return cells;
	}

}
