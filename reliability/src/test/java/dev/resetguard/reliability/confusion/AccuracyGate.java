package dev.resetguard.reliability.confusion;

import java.util.ArrayList;
import java.util.List;

import dev.resetguard.forensics.ResetCause;

/**
 * The accuracy the confusion matrix demands of each cell (issue 13): where Reset Guard instruments the
 * client's connections, at least {@value #MIN_RIGHT_PERCENT}% of a cell's resets tagged the expected cause,
 * judged once the cell has {@value #MIN_RESETS} resets or more; where the client hides its connections, no
 * reset tagged anything but the expected cause or {@code unknown}, however few there are.
 */
final class AccuracyGate {

	/** The fewest resets a cell of an instrumented client needs to be judged on its share. */
	static final int MIN_RESETS = 5;

	/** The share, in percent, of an instrumented cell's resets that must carry the expected cause. */
	static final int MIN_RIGHT_PERCENT = 90;

	private AccuracyGate() {
	}

	/**
	 * Return what the cell does wrong.
	 * @param tally the cell's counts
	 * @return the violations, empty if the cell passes or has too few resets to be judged
	 */
	static List<String> violations(CellTally tally) {
		List<String> violations = new ArrayList<>();
		ResetCause expected = tally.cell().behaviour().expected();
		if (tally.cell().client().instrumented()) {
			if (judged(tally) && tally.rightShare() * 100 < MIN_RIGHT_PERCENT) {
				violations.add(String.format("%.0f%% of %d resets tagged %s, below %d%%", tally.rightShare() * 100,
						tally.resets(), expected.tagValue(), MIN_RIGHT_PERCENT));
			}
		}
		else {
			for (ResetCause cause : ResetCause.values()) {
				if (cause != expected && cause != ResetCause.UNKNOWN && tally.count(cause) > 0) {
					violations.add(tally.count(cause) + " of " + tally.resets() + " resets tagged " + cause.tagValue()
							+ " by a client that hides its connections");
				}
			}
		}
		return violations;
	}

	/**
	 * Whether the cell has enough resets for its share to be judged.
	 * @param tally the cell's counts
	 * @return {@code true} with at least {@value #MIN_RESETS} resets
	 */
	static boolean judged(CellTally tally) {
		return tally.resets() >= MIN_RESETS;
	}

}
