package dev.resetguard.reliability.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault matrix as Markdown: one row per client and method, one column per fault, each cell
 * "phase / cause / decision / outcome" as observed, then how often each call reached the server, the
 * known deviations from the design with their reasons, and every cell that did not match its expectation.
 */
final class FaultMatrixReport {

	private final Map<String, CellResult> results = new ConcurrentHashMap<>();

	private final Map<String, String> mismatches = new ConcurrentHashMap<>();

	private final Map<String, CellExpectation> expectations;

	FaultMatrixReport(Map<String, CellExpectation> expectations) {
		this.expectations = expectations;
	}

	static String key(MatrixClient client, String method, Fault fault) {
		return client.name() + "|" + method + "|" + fault.name();
	}

	void record(MatrixClient client, String method, Fault fault, CellResult result) {
		this.results.put(key(client, method, fault), result);
	}

	void mismatch(MatrixClient client, String method, Fault fault, String what) {
		this.mismatches.put(key(client, method, fault), what);
	}

	/**
	 * Write the report.
	 * @param file where to write it
	 * @param runtimeSeconds how long the matrix took
	 * @throws IOException if it cannot be written
	 */
	void write(Path file, double runtimeSeconds) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# Fault matrix");
		lines.add("");
		lines.add("Every chaos toxic × every client × GET/POST, through the clients Boot and the Reset Guard starter "
				+ "auto-configure. Each cell: **phase / cause / retry decision / call outcome** as Reset Guard "
				+ "reported them (`—`: nothing reported). A request-level toxic hits the first attempt only; "
				+ "`restart` resets " + Fault.RESTART_CALLS + " calls in flight. Settings: max-attempts 3, "
				+ "non-idempotent safe-only, middlebox-silence " + Fault.MIDDLEBOX_SILENCE.toMillis()
				+ " ms (silence " + Fault.SILENCE.toMillis() + " ms), server idle timeout "
				+ Fault.IDLE_TIMEOUT.toMillis() + " ms. Marked cells (†) have a note: a network race, what the client does by itself, or a deviation from the design.");
		lines.add("");
		lines.add(String.format("Ran %d cells in %.1f s.", this.results.size(), runtimeSeconds));
		lines.add("");
		table(lines, (result) -> result.phases() + " / " + result.causes() + " / " + result.decisionValues() + " / "
				+ result.outcomeValues(), true);
		lines.add("");
		lines.add("## How many times each call's request reached the server");
		lines.add("");
		lines.add("One figure per call (`+` between the calls of the restart cell). A POST never reaches it twice.");
		lines.add("");
		table(lines, CellResult::serverSaw, false);
		lines.add("");
		lines.add("## Notes: races, client behaviour and deviations from the design");
		lines.add("");
		int note = 0;
		for (MatrixClient client : MatrixClient.values()) {
			for (String method : FaultMatrixTests.METHODS) {
				for (Fault fault : Fault.values()) {
					CellExpectation expectation = this.expectations.get(key(client, method, fault));
					if (expectation != null && expectation.deviation() != null) {
						lines.add(String.format("%d. %s, %s, %s: %s", ++note, client.title(), method, fault.title(),
								expectation.deviation()));
					}
				}
			}
		}
		if (!this.mismatches.isEmpty()) {
			lines.add("");
			lines.add("## Cells that did not match their expectation");
			lines.add("");
			this.mismatches.forEach((key, what) -> lines.add("- " + key.replace('|', ' ') + ": " + what));
		}
		Files.createDirectories(file.getParent());
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	private void table(List<String> lines, java.util.function.Function<CellResult, String> cell, boolean mark) {
		StringBuilder header = new StringBuilder("| client | method |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (Fault fault : Fault.values()) {
			header.append(' ').append(fault.title()).append(" |");
			rule.append("---|");
		}
		lines.add(header.toString());
		lines.add(rule.toString());
		for (MatrixClient client : MatrixClient.values()) {
			for (String method : FaultMatrixTests.METHODS) {
				StringBuilder row = new StringBuilder("| ").append(client.title()).append(" | ").append(method).append(" |");
				for (Fault fault : Fault.values()) {
					String key = key(client, method, fault);
					CellResult result = this.results.get(key);
					CellExpectation expectation = this.expectations.get(key);
					row.append(' ');
					if (fault == Fault.RESET_DURING_UPLOAD && "GET".equals(method)) {
						row.append("n/a (no body; acts as after head): ");
					}
					row.append((result != null) ? cell.apply(result) : "not run");
					if (mark && expectation != null && expectation.deviation() != null) {
						row.append(" †");
					}
					if (this.mismatches.containsKey(key)) {
						row.append(" ✗");
					}
					row.append(" |");
				}
				lines.add(row.toString());
			}
		}
	}

}
