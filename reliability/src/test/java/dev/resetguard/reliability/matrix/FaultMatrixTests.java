package dev.resetguard.reliability.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.resetguard.forensics.CallOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix of issue 8: every chaos toxic through every client Reset Guard decorates, GET and
 * POST, against a real loopback chaos server, with the phase, cause, retry decision and call outcome
 * Reset Guard reports asserted per cell against {@link FaultMatrixExpectations}, and the matrix written
 * to {@code target/reliability/fault-matrix.md}. One application per client, shared by its cells.
 */
class FaultMatrixTests {

	static final List<String> METHODS = List.of("GET", "POST");

	private static final Path REPORT = Path.of("target", "reliability", "fault-matrix.md");

	private static final List<String> SETTINGS = List.of(
			// A fixed backoff longer than a restart's downtime: a retry after a restart meets the server again.
			"reset-guard.retry.initial-backoff=200ms", "reset-guard.retry.max-backoff=200ms",
			"reset-guard.retry.jitter=0",
			"reset-guard.cause.middlebox-silence=" + Fault.MIDDLEBOX_SILENCE.toMillis() + "ms",
			// The idle cells' timeout is below the default min-idle, which otherwise decides when a reset after
			// a pause with no close seen before the request (a FIN) is taken for an idle timeout.
			"reset-guard.prevention.min-idle=" + Fault.IDLE_TIMEOUT.dividedBy(2).toMillis() + "ms",
			// Each cell must meet its fault as the first of its kind: nothing learned from an earlier cell.
			"reset-guard.prevention.adaptive-idle=false");

	private static final Map<String, CellExpectation> EXPECTATIONS = FaultMatrixExpectations.load();

	private static final FaultMatrixReport report = new FaultMatrixReport(EXPECTATIONS);

	private static final long started = System.nanoTime();

	private static ClientSession session;

	@TestFactory
	Stream<DynamicContainer> faultMatrix() {
		return Stream.of(MatrixClient.values())
			.map((client) -> DynamicContainer.dynamicContainer(client.title(), METHODS.stream()
				.flatMap((method) -> Stream.of(Fault.values())
					.map((fault) -> DynamicTest.dynamicTest(method + " × " + fault.title(),
							() -> cell(client, method, fault))))));
	}

	@AfterAll
	static void writeReport() throws Exception {
		try {
			closeSession();
		}
		finally {
			report.write(REPORT, (System.nanoTime() - started) / 1e9);
		}
	}

	private static void cell(MatrixClient client, String method, Fault fault) throws Exception {
		CellResult result = new CellRunner(sessionFor(client)).run(method, fault);
		report.record(client, method, fault, result);
		CellExpectation expected = EXPECTATIONS.get(FaultMatrixReport.key(client, method, fault));
		String observed = describe(result);
		List<String> wrong = new ArrayList<>();
		if (expected == null) {
			wrong.add("no expectation");
		}
		else {
			check(wrong, "phase", expected.phase(), result.phases());
			check(wrong, "cause", expected.cause(), result.causes());
			check(wrong, "decision", expected.decision(), result.decisionValues());
			check(wrong, "outcome", expected.outcome(), result.outcomeValues());
			check(wrong, "server saw", expected.serverSaw(), result.serverSaw());
		}
		if ("POST".equals(method) && result.requestsById().values().stream().anyMatch((count) -> count > 1)) {
			wrong.add("a POST reached the server twice");
		}
		if (!wrong.isEmpty()) {
			report.mismatch(client, method, fault, String.join("; ", wrong) + " (observed " + observed + ")");
		}
		assertThat(wrong).as("%s %s %s: observed %s", client.title(), method, fault.title(), observed).isEmpty();
		assertThat(result.disagreements())
			.as("%s %s %s: endpoint, log and meters agree with the events", client.title(), method, fault.title())
			.isEmpty();
		assertThat(result.outcomes()).as("one outcome per call").hasSameSizeAs(result.answers());
		// Issue 15: a call counts success or recovered exactly when it got its answer, whatever failed it.
		long answered = result.outcomes()
			.stream()
			.filter((outcome) -> outcome == CallOutcome.SUCCESS || outcome == CallOutcome.RECOVERED)
			.count();
		assertThat(answered).as("calls counted answered; answers %s", result.answers())
			.isEqualTo(result.answers().stream().filter("ok"::equals).count());
		assertThat(result.injections()).as("the fault was injected").isPositive();
		if (session.expectedChannelType() != null) {
			assertThat(session.channelTypes()).containsOnly(session.expectedChannelType());
		}
	}

	private static void check(List<String> wrong, String what, String expected, String observed) {
		if (!CellExpectation.matches(expected, observed)) {
			wrong.add(what + " expected " + expected + " but was " + observed);
		}
	}

	private static String describe(CellResult result) {
		return result.phases() + " | " + result.causes() + " | " + result.decisionValues() + " | "
				+ result.outcomeValues() + " | " + result.serverSaw() + " | answers " + result.answers();
	}

	private static ClientSession sessionFor(MatrixClient client) throws Exception {
		if (session != null && session.client() != client) {
			closeSession();
		}
		if (session == null) {
			session = ClientSession.open(client, SETTINGS);
		}
		return session;
	}

	private static void closeSession() throws Exception {
		if (session != null) {
			ClientSession closing = session;
			session = null;
			closing.close();
		}
	}

}
