package dev.resetguard.benchmarks.resilience;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.test.ChaosLedger;

/**
 * What one contender achieved in one scenario, from the client's side (success, latency, resets seen)
 * and from the server's (requests per logical call and duplicated request ids, from the chaos ledger).
 *
 * @param scenario the scenario
 * @param contender the contender
 * @param calls the logical calls made
 * @param succeeded the calls that succeeded
 * @param serverRequests the requests the server read that carried one of the calls' ids
 * @param duplicatedIds the call ids the server read more than once
 * @param p50Millis the median call latency
 * @param p99Millis the 99th percentile call latency
 * @param clientAttempts the attempts that reached Apache's execution chain
 * @param resetsSeen the attempts that ended in a reset
 * @param resetsAfterLearning the resets seen after the learning calls, -1 when not measured
 * @param faultCalls the calls started during the timed fault
 * @param faultServerRequests the requests the server read for those calls
 * @param faultSucceeded those calls that succeeded
 * @param prevented Reset Guard's {@code reset.guard.prevented} count
 * @param retries Reset Guard's {@code reset.guard.retries} count
 * @param resetCauses Reset Guard's {@code reset.guard.resets} counts by cause
 * @param outcomes Reset Guard's {@code reset.guard.calls} counts by outcome
 * @param failures the most frequent failures, with counts
 * @param wallSeconds how long the run took
 */
record ScenarioResult(Scenario scenario, Contender contender, int calls, int succeeded, long serverRequests,
		int duplicatedIds, double p50Millis, double p99Millis, long clientAttempts, long resetsSeen,
		long resetsAfterLearning, int faultCalls, long faultServerRequests, int faultSucceeded, long prevented,
		long retries, Map<String, Long> resetCauses, Map<String, Long> outcomes, List<String> failures,
		double wallSeconds) {

	private static final int FAILURE_KINDS = 3;

	static ScenarioResult of(Scenario scenario, Contender contender, Workload.Tally tally, ChaosLedger ledger,
			ContenderClient client) {
		String prefix = scenario.id() + "-";
		Map<String, Long> counts = ledger.requestCountsById();
		long serverRequests = 0;
		int duplicated = 0;
		int faultCalls = 0;
		long faultRequests = 0;
		int faultSucceeded = 0;
		int succeeded = 0;
		for (int i = 0; i < tally.calls(); i++) {
			long seen = counts.getOrDefault(prefix + i, 0L);
			serverRequests += seen;
			duplicated += (seen > 1) ? 1 : 0;
			succeeded += tally.succeeded()[i] ? 1 : 0;
			long start = tally.startNanos()[i];
			if (start >= tally.faultStartNanos() && start < tally.faultEndNanos()) {
				faultCalls++;
				faultRequests += seen;
				faultSucceeded += tally.succeeded()[i] ? 1 : 0;
			}
		}
		long[] sorted = tally.latencyNanos().clone();
		Arrays.sort(sorted);
		long resets = client.observer().resets();
		long afterLearning = (tally.resetsBeforeLearned() >= 0) ? resets - tally.resetsBeforeLearned() : -1;
		List<String> failures = tally.failures()
			.entrySet()
			.stream()
			.sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> entry) -> entry.getValue().sum()).reversed())
			.limit(FAILURE_KINDS)
			.map((entry) -> entry.getValue().sum() + "× " + entry.getKey())
			.toList();
		return new ScenarioResult(scenario, contender, tally.calls(), succeeded, serverRequests, duplicated,
				percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.99), client.observer().attempts(), resets,
				afterLearning, faultCalls, faultRequests, faultSucceeded, client.counter("reset.guard.prevented"),
				client.counter("reset.guard.retries"), client.counterByTag("reset.guard.resets", "cause"),
				client.counterByTag("reset.guard.calls", "outcome"), failures, tally.wallNanos() / 1e9);
	}

	/** The share of calls that succeeded. */
	double successRate() {
		return (this.calls > 0) ? (double) this.succeeded / this.calls : Double.NaN;
	}

	/** Requests the server read per logical call. */
	double attemptsPerCall() {
		return (this.calls > 0) ? (double) this.serverRequests / this.calls : Double.NaN;
	}

	/** Requests the server read per logical call started during the timed fault. */
	double faultAttemptsPerCall() {
		return (this.faultCalls > 0) ? (double) this.faultServerRequests / this.faultCalls : Double.NaN;
	}

	private static double percentileMillis(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percentile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
	}

}
