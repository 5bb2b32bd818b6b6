package dev.resetguard.reliability.confusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.reliability.matrix.Fault;
import dev.resetguard.reliability.matrix.MatrixClient;

/**
 * The confusion matrix as Markdown: one row per behaviour, client and number of callers, one column per
 * cause with the number of resets Reset Guard tagged so, then the expected cause, the share right, the
 * resets against the injections in the server's ledger, and the gate's verdict; then a summary per
 * behaviour and per client, and every cell that failed the gate or could not be judged.
 */
final class ConfusionMatrixReport {

	/** The command that runs the suite this report comes from. */
	static final String COMMAND = "./mvnw -B verify -Preliability -pl reliability -am "
			+ "-Dtest='Confusion*' -Dsurefire.failIfNoSpecifiedTests=false";

	private final Map<ConfusionCell, CellTally> tallies = new ConcurrentHashMap<>();

	private final Map<ConfusionCell, String> harnessFailures = new ConcurrentHashMap<>();

	private final Map<MatrixClient, Double> clientSeconds = new ConcurrentHashMap<>();

	void record(CellTally tally) {
		this.tallies.put(tally.cell(), tally);
	}

	void harnessFailure(ConfusionCell cell, String what) {
		this.harnessFailures.put(cell, what);
	}

	void clientSeconds(MatrixClient client, double seconds) {
		this.clientSeconds.put(client, seconds);
	}

	CellTally tally(ConfusionCell cell) {
		return this.tallies.get(cell);
	}

	/**
	 * Return the resets every client recorded for a behaviour, over all its cells.
	 * @param behaviour the behaviour
	 * @return the number of resets
	 */
	long resets(Behaviour behaviour) {
		return this.tallies.values()
			.stream()
			.filter((tally) -> tally.cell().behaviour() == behaviour)
			.mapToLong(CellTally::resets)
			.sum();
	}

	/**
	 * Write the report.
	 * @param file where to write it
	 * @param cells the cells in report order
	 * @param runtimeSeconds how long the whole suite took
	 * @throws IOException if it cannot be written
	 */
	void write(Path file, List<ConfusionCell> cells, double runtimeSeconds) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("# Confusion matrix: the causes Reset Guard infers for real server behaviours");
		lines.add("");
		lines.add("Produced by `" + COMMAND + "` (also part of `./mvnw -B verify -Preliability -pl reliability -am`) on "
				+ OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
				+ " UTC, " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ System.getProperty("java.version") + String.format(Locale.ROOT, "; the suite ran %.0f s, ", runtimeSeconds)
				+ String.format(Locale.ROOT, "its %d cells %.0f s between them (three at a time per client).",
						this.tallies.size(), cellSeconds()));
		lines.add("");
		lines.add("Each cell drives one server behaviour through one client with 1 or 8 concurrent callers, until "
				+ "it has 20 (40) resets or its time is up, against a chaos server of its own, and counts the "
				+ "`cause` of every reset Reset Guard recorded. Settings: the defaults (max-attempts 3, "
				+ "restart-window 2 s, restart-min-connections 3, prevention.min-idle 1 s) but middlebox-silence "
				+ Fault.MIDDLEBOX_SILENCE.toMillis() + " ms and adaptive-idle off. Server idle timeout "
				+ Behaviour.IDLE_TIMEOUT.toMillis() + " ms (callers pause " + Behaviour.IDLE_PAUSE.toMillis()
				+ " ms), restart downtime " + Behaviour.DOWNTIME.toMillis() + " ms every "
				+ Behaviour.UPTIME.toMillis() + " ms of uptime, silence " + Fault.SILENCE.toMillis()
				+ " ms, work before the kill " + Behaviour.WORK.toMillis() + " ms.");
		lines.add("");
		lines.add("**Expected** cause in bold. *right*: share of resets tagged the expected cause. *failed by*: the calls that failed, by "
				+ "innermost exception. *injected*: what the server's ledger recorded of the behaviour (resets sent, idle or graceful closes, restarted "
				+ "connections). Gate (instrumented clients, marked ●): at least " + AccuracyGate.MIN_RIGHT_PERCENT
				+ "% right once a cell has " + AccuracyGate.MIN_RESETS + " resets; clients that hide their "
				+ "connections (○): no cause but the expected one or `unknown`. ✓ pass, ✗ fail, `few` too few "
				+ "resets to judge.");
		lines.add("");
		StringBuilder header = new StringBuilder("| behaviour | client | callers |");
		StringBuilder rule = new StringBuilder("|---|---|---:|");
		for (ResetCause cause : ResetCause.values()) {
			header.append(' ').append(cause.tagValue()).append(" |");
			rule.append("---:|");
		}
		header.append(" right | resets | injected | calls | failed by | s | gate |");
		rule.append("---:|---:|---:|---:|---|---:|---|");
		lines.add(header.toString());
		lines.add(rule.toString());
		for (ConfusionCell cell : cells) {
			lines.add(row(cell));
		}
		lines.add("");
		summaries(lines, cells);
		List<String> notes = new ArrayList<>();
		for (ConfusionCell cell : cells) {
			CellTally tally = this.tallies.get(cell);
			String failure = this.harnessFailures.get(cell);
			if (failure != null) {
				notes.add("- " + describe(cell) + ": **not run**: " + failure);
			}
			else if (tally != null) {
				AccuracyGate.violations(tally).forEach((violation) -> notes.add("- " + describe(cell) + ": " + violation));
				if (tally.resets() > tally.injected()) {
					notes.add("- " + describe(cell) + ": " + tally.resets() + " resets recorded, more than the "
							+ tally.injected() + " the server injected");
				}
			}
		}
		if (!notes.isEmpty()) {
			lines.add("");
			lines.add("## Cells that failed the gate or look implausible");
			lines.add("");
			lines.addAll(notes);
		}
		Files.createDirectories(file.getParent());
		Files.write(file, lines, StandardCharsets.UTF_8);
		Files.write(file.resolveSibling("confusion-misses.md"), misses(cells), StandardCharsets.UTF_8);
	}

	// Every reset of an instrumented client that got another cause than the expected one, by cell: what
	// the connection facts were, to find out why.
	private List<String> misses(List<ConfusionCell> cells) {
		List<String> lines = new ArrayList<>();
		lines.add("# Confusion matrix: resets of instrumented clients tagged another cause than expected");
		for (ConfusionCell cell : cells) {
			CellTally tally = this.tallies.get(cell);
			if (tally != null && cell.client().instrumented() && !tally.misses().isEmpty()) {
				lines.add("");
				lines.add("## " + cell.name() + " (expected " + cell.behaviour().expected().tagValue() + ")");
				lines.add("");
				tally.misses().forEach((miss) -> lines.add("- " + miss));
			}
		}
		return lines;
	}

	private String row(ConfusionCell cell) {
		StringBuilder row = new StringBuilder("| ").append(cell.behaviour().title())
			.append(" | ")
			.append(cell.client().instrumented() ? "● " : "○ ")
			.append(cell.client().title())
			.append(" | ")
			.append(cell.callers())
			.append(" |");
		CellTally tally = this.tallies.get(cell);
		if (tally == null) {
			row.append(" not run |".repeat(ResetCause.values().length + 7));
			return row.toString();
		}
		for (ResetCause cause : ResetCause.values()) {
			long count = tally.count(cause);
			String value = (count > 0) ? String.valueOf(count) : "·";
			row.append(' ').append((cause == cell.behaviour().expected()) ? "**" + value + "**" : value).append(" |");
		}
		row.append(' ').append(percent(tally.rightShare())).append(" |");
		row.append(' ').append(tally.resets()).append(" |");
		row.append(' ').append(tally.injected()).append(" |");
		row.append(' ').append(tally.calls()).append(" |");
		row.append(' ').append(failures(tally)).append(" |");
		row.append(String.format(Locale.ROOT, " %.1f |", tally.seconds()));
		row.append(' ').append(verdict(tally)).append(" |");
		return row.toString();
	}

	private void summaries(List<String> lines, List<ConfusionCell> cells) {
		lines.add("## Share right per behaviour and per client");
		lines.add("");
		lines.add("Resets tagged the expected cause over all resets, instrumented clients (●) and the others (○) "
				+ "apart; the others' resets tagged `unknown` in brackets.");
		lines.add("");
		lines.add("| behaviour | expected | ● right | ○ right (unknown) |");
		lines.add("|---|---|---:|---:|");
		for (Behaviour behaviour : Behaviour.values()) {
			lines.add("| " + behaviour.title() + " | " + behaviour.expected().tagValue() + " | "
					+ share(cells, behaviour, true) + " | " + share(cells, behaviour, false) + " |");
		}
		lines.add("");
		lines.add("| client | right | unknown | run time (s) |");
		lines.add("|---|---:|---:|---:|");
		for (MatrixClient client : cells.stream().map(ConfusionCell::client).distinct().toList()) {
			long[] counts = counts(cells, null, client, client.instrumented());
			lines.add("| " + client.title() + " | " + ratio(counts[0], counts[2]) + " | " + ratio(counts[1], counts[2])
					+ " | " + String.format(Locale.ROOT, "%.0f", this.clientSeconds.getOrDefault(client, 0.0)) + " |");
		}
	}

	private String share(List<ConfusionCell> cells, Behaviour behaviour, boolean instrumented) {
		long[] counts = counts(cells, behaviour, null, instrumented);
		String right = ratio(counts[0], counts[2]);
		return instrumented ? right : right + " (" + counts[1] + ")";
	}

	private long[] counts(List<ConfusionCell> cells, Behaviour behaviour, MatrixClient client, boolean instrumented) {
		long right = 0;
		long unknown = 0;
		long all = 0;
		for (ConfusionCell cell : cells) {
			CellTally tally = this.tallies.get(cell);
			if (tally == null || cell.client().instrumented() != instrumented
					|| (behaviour != null && cell.behaviour() != behaviour) || (client != null && cell.client() != client)) {
				continue;
			}
			right += tally.count(cell.behaviour().expected());
			unknown += tally.count(ResetCause.UNKNOWN);
			all += tally.resets();
		}
		return new long[] { right, unknown, all };
	}

	private double cellSeconds() {
		return this.tallies.values().stream().mapToDouble(CellTally::seconds).sum();
	}

	private static String verdict(CellTally tally) {
		if (!AccuracyGate.violations(tally).isEmpty()) {
			return "✗";
		}
		if (tally.cell().client().instrumented() && !AccuracyGate.judged(tally)) {
			return "few";
		}
		return "✓";
	}

	private static String failures(CellTally tally) {
		if (tally.failures().isEmpty()) {
			return "·";
		}
		StringBuilder failures = new StringBuilder();
		tally.failures().forEach((exception, count) -> failures.append((failures.length() > 0) ? ", " : "")
			.append(count)
			.append(' ')
			.append(exception));
		return failures.toString();
	}

	private static String describe(ConfusionCell cell) {
		return cell.behaviour().title() + ", " + cell.client().title() + ", " + cell.callers()
				+ ((cell.callers() == 1) ? " caller" : " callers");
	}

	private static String ratio(long part, long whole) {
		return (whole > 0) ? String.format(Locale.ROOT, "%.0f%% of %d", 100.0 * part / whole, whole) : "—";
	}

	private static String percent(double share) {
		return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f%%", share * 100);
	}

}
