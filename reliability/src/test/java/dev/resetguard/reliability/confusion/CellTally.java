package dev.resetguard.reliability.confusion;

import java.util.List;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;

/**
 * What one cell of the confusion matrix counted: the resets Reset Guard recorded with the cell's server,
 * by cause, against what the server's ledger says it injected.
 *
 * @param cell the cell
 * @param causes the number of resets recorded per cause, every cause present
 * @param injected how many times the server's ledger recorded the behaviour's injection
 * @param calls the calls made
 * @param failures the calls whose caller got an exception, by the simple name of its innermost cause
 * @param seconds how long the cell took, server start to server close
 * @param misses one line per reset tagged another cause than the expected one, with its connection facts
 * and its time from the cell's start, then the times the server restarted; for finding why
 */
record CellTally(ConfusionCell cell, Map<ResetCause, Long> causes, long injected, int calls,
		Map<String, Integer> failures, double seconds, List<String> misses) {


	/**
	 * Return the number of resets recorded.
	 * @return the resets
	 */
	long resets() {
		return this.causes.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Return the number of resets recorded with a cause.
	 * @param cause the cause
	 * @return the resets
	 */
	long count(ResetCause cause) {
		return this.causes.getOrDefault(cause, 0L);
	}

	/**
	 * Return the share of resets tagged the expected cause.
	 * @return from 0 to 1, or {@code NaN} without resets
	 */
	double rightShare() {
		long resets = resets();
		return (resets > 0) ? (double) count(this.cell.behaviour().expected()) / resets : Double.NaN;
	}

}
