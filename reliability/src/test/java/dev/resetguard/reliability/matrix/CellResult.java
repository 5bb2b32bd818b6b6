package dev.resetguard.reliability.matrix;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.RetryDecision;

/**
 * What one cell showed: the resets, decisions and outcomes Reset Guard reported for the measured calls,
 * what each call returned, and what the chaos server's ledger saw of the calls' request ids.
 *
 * @param events the reset events, in the order they were recorded
 * @param decisions the retry decisions, in the order they were made
 * @param outcomes the call outcomes
 * @param answers per call, {@code ok} or the simple name of the exception the caller got
 * @param requestsById how many times each of the cell's request ids reached the server, in call order
 * @param injections how many faults the server injected
 * @param disagreements where the endpoint, the log and the meters disagree with the events about the cell's
 * resets; empty when they all agree
 */
record CellResult(List<ResetEvent> events, List<RetryDecision> decisions, List<CallOutcome> outcomes,
		List<String> answers, Map<String, Long> requestsById, long injections, List<String> disagreements) {

	/** Shown where Reset Guard reported nothing. */
	static final String NONE = "—";

	String phases() {
		return distinct(this.events, (event) -> event.phase().tagValue());
	}

	String causes() {
		return distinct(this.events, (event) -> event.cause().tagValue());
	}

	String decisionValues() {
		return distinct(this.decisions, RetryDecision::tagValue);
	}

	String outcomeValues() {
		return distinct(this.outcomes, CallOutcome::tagValue);
	}

	/**
	 * Return how many times the server saw each call's request: one figure per call, joined by "+".
	 * @return the figures, e.g. {@code 2} or {@code 1+1+1}
	 */
	String serverSaw() {
		return this.requestsById.values().stream().map(String::valueOf).collect(Collectors.joining("+"));
	}

	long eventsWith(ResetPhase phase) {
		return this.events.stream().filter((event) -> event.phase() == phase).count();
	}

	long eventsWith(ResetCause cause) {
		return this.events.stream().filter((event) -> event.cause() == cause).count();
	}

	private static <T> String distinct(List<T> values, Function<T, String> tag) {
		if (values.isEmpty()) {
			return NONE;
		}
		return values.stream().map(tag).distinct().sorted().collect(Collectors.joining(","));
	}

}
