package dev.resetguard.benchmarks.resilience;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders the resilience results as Markdown: one table per scenario, then Reset Guard's figures against
 * the targets, then what each contender and each column is.
 */
final class ResilienceMarkdown {

	private ResilienceMarkdown() {
	}

	static String render(List<ScenarioResult> results, ResilienceReport.Settings settings, String args, String facts,
			double seconds, String loadAtStart, String loadAtEnd) {
		StringBuilder out = new StringBuilder();
		out.append("# Resilience scenarios\n\n");
		out.append("Command: `./mvnw -B -q package -pl benchmarks -am -DskipTests && java -cp benchmarks/target/benchmarks.jar ")
			.append(ResilienceReport.class.getName()).append(args.isEmpty() ? "" : " " + args).append("`\n\n");
		out.append(facts);
		out.append("- Load average at end: ").append(loadAtEnd).append(" (at start ").append(loadAtStart).append(")\n");
		out.append(String.format(Locale.ROOT,
				"- Whole run: %.0f s; at most %d calls per scenario (idle timeout: %d, fast idle timeout: %d), seed %d%n",
				seconds, settings.calls(), settings.idleCalls(), settings.idleCalls() * 5, settings.seed()));
		if (settings.note() != null) {
			out.append("- Note: ").append(settings.note()).append('\n');
		}
		out.append('\n');
		for (Scenario scenario : settings.scenarios()) {
			appendScenario(out, scenario, results.stream().filter((result) -> result.scenario() == scenario).toList());
		}
		appendTargets(out, results);
		appendLegend(out, settings.contenders());
		return out.toString();
	}

	private static void appendScenario(StringBuilder out, Scenario scenario, List<ScenarioResult> results) {
		out.append("## ").append(scenario.id()).append(": ").append(scenario.description()).append("\n\n");
		boolean timed = scenario.faultAt() != null;
		boolean learning = scenario.learns();
		out.append("| contender | calls | success | attempts/call (server) |");
		if (timed) {
			out.append(" calls during fault | success during fault | attempts/call during fault |");
		}
		out.append(" duplicated ids | p50 ms | p99 ms | client attempts | resets seen |");
		if (learning) {
			out.append(" resets after learning |");
		}
		out.append(" prevented | Reset Guard retries | wall s |\n|---|---|---|---|");
		out.append(timed ? "---|---|---|" : "").append("---|---|---|---|---|").append(learning ? "---|" : "")
			.append("---|---|---|\n");
		for (ScenarioResult result : results) {
			out.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f |", result.contender().label(), result.calls(),
					percent(result.successRate()), result.attemptsPerCall()));
			if (timed) {
				out.append(String.format(Locale.ROOT, " %d | %s | %.3f |", result.faultCalls(),
						percent((result.faultCalls() > 0) ? (double) result.faultSucceeded() / result.faultCalls() : Double.NaN),
						result.faultAttemptsPerCall()));
			}
			out.append(String.format(Locale.ROOT, " %d | %.1f | %.1f | %d | %d |", result.duplicatedIds(), result.p50Millis(),
					result.p99Millis(), result.clientAttempts(), result.resetsSeen()));
			if (learning) {
				out.append(' ').append(result.resetsAfterLearning()).append(" |");
			}
			out.append(String.format(Locale.ROOT, " %d | %d | %.1f |%n", result.prevented(), result.retries(),
					result.wallSeconds()));
		}
		out.append('\n');
		for (ScenarioResult result : results) {
			if (!result.resetCauses().isEmpty() || !result.outcomes().isEmpty()) {
				out.append("- ").append(result.contender().label()).append(": `reset.guard.resets` by cause ")
					.append(result.resetCauses()).append(", `reset.guard.calls` by outcome ").append(result.outcomes())
					.append('\n');
			}
		}
		for (ScenarioResult result : results) {
			if (!result.failures().isEmpty()) {
				out.append("- ").append(result.contender().label()).append(" failures: ")
					.append(String.join("; ", result.failures().stream().map(ResilienceMarkdown::code).toList()))
					.append('\n');
			}
		}
		out.append('\n');
	}

	private static void appendTargets(StringBuilder out, List<ScenarioResult> results) {
		out.append("## Reset Guard against the targets\n\n| target | measured | met |\n|---|---|---|\n");
		find(results, Scenario.GET_RESETS, Contender.RESET_GUARD).ifPresent((result) -> target(out,
				"≥ 99.9% GET success at 10% resets", percent(result.successRate()), result.successRate() >= 0.999));
		find(results, Scenario.POST_RESETS, Contender.RESET_GUARD).ifPresent((result) -> target(out,
				"0 duplicated POSTs at 10% resets", String.valueOf(result.duplicatedIds()), result.duplicatedIds() == 0));
		find(results, Scenario.OUTAGE, Contender.RESET_GUARD).ifPresent((result) -> target(out,
				"≤ 1.25 attempts per call during the outage",
				String.format(Locale.ROOT, "%.3f", result.faultAttemptsPerCall()), result.faultAttemptsPerCall() <= 1.25));
		for (Scenario idle : List.of(Scenario.IDLE_TIMEOUT, Scenario.IDLE_TIMEOUT_FAST)) {
			find(results, idle, Contender.RESET_GUARD).ifPresent((guard) -> {
				for (Contender other : List.of(Contender.PLAIN, Contender.BUILT_IN)) {
					find(results, idle, other).ifPresent((result) -> {
						double fewer = (result.resetsAfterLearning() > 0)
								? 1 - (double) guard.resetsAfterLearning() / result.resetsAfterLearning() : Double.NaN;
						target(out, "≥ 90% fewer stale resets than " + other.label() + " after learning (" + idle.id() + ")",
								String.format(Locale.ROOT, "%d against %d: %s fewer", guard.resetsAfterLearning(),
										result.resetsAfterLearning(), percent(fewer)),
								fewer >= 0.9);
					});
				}
			});
		}
		out.append('\n');
	}

	private static void appendLegend(StringBuilder out, List<Contender> contenders) {
		out.append("## Contenders\n\n");
		for (Contender contender : contenders) {
			out.append("- **").append(contender.label()).append("**: ").append(contender.description()).append('\n');
		}
		out.append("""

				Every contender is the auto-configured `RestClient` of the same minimal Boot application
				(`spring.http.clients.imperative.factory=http-components`), against a fresh chaos server and a fresh
				application per run; Reset Guard's auto-configurations are excluded for every contender but reset-guard.

				## Columns

				- **attempts/call (server)**: requests the chaos server read carrying one of the run's `X-Request-Id`s,
				  divided by the logical calls. Attempts that never reached the server (a stale connection, a refused
				  connect) are not in it; they are in *client attempts*.
				- **duplicated ids**: logical calls whose id the server read more than once; for POSTs, duplicated orders.
				- **p50/p99**: latency of a logical call, retries and backoff included, failed calls included.
				- **client attempts / resets seen**: attempts that entered Apache's execution chain below its retry step,
				  and those that ended in a reset, counted by an observer every contender has, so retries hidden inside
				  the client count too.
				- **resets after learning**: resets seen after the first fifth of the calls, once adaptive idle has had
				  the chance to learn the peer's idle timeout.
				- **during fault**: calls started while the outage or the restart's downtime lasted.
				- **prevented / Reset Guard retries**: `reset.guard.prevented` and `reset.guard.retries`, 0 for
				  contenders without Reset Guard.
				""");
	}

	private static Optional<ScenarioResult> find(List<ScenarioResult> results, Scenario scenario,
			Contender contender) {
		return results.stream()
			.filter((result) -> result.scenario() == scenario && result.contender() == contender)
			.findFirst();
	}

	private static void target(StringBuilder out, String target, String measured, boolean met) {
		out.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
			.append(" |\n");
	}

	private static String percent(double ratio) {
		return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f%%", ratio * 100);
	}

	private static String code(String text) {
		return "`" + text.replace('`', '\'') + "`";
	}

}
