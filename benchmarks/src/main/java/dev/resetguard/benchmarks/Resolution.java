package dev.resetguard.benchmarks;

import java.util.List;

/**
 * How finely one run of {@link CpuReport} tells a decorated variant from its plain twin, learned from the
 * control: variants whose difference is known to be too small to measure. The run resolves 1% when every
 * control ratio, and the interval that holds it with 95% confidence, lie within 1.00 ± 0.01. The control
 * ratio's greatest distance from 1.00 is the run's bias, which widens every other ratio's interval when it
 * is judged against a target.
 *
 * @param bias the greatest distance of a control ratio from 1.00
 * @param widest the greatest distance of a control ratio's interval from 1.00
 */
record Resolution(double bias, double widest) {

	/** The finest difference the run must resolve: 1%. */
	static final double REQUIRED = 0.01;

	/**
	 * Return the resolution that the control shows.
	 * @param control the control's rounds, one per variant; at least one
	 * @return the resolution
	 */
	static Resolution of(List<PairedRounds> control) {
		if (control.isEmpty()) {
			throw new IllegalArgumentException("No control rounds");
		}
		double bias = 0;
		double widest = 0;
		for (PairedRounds rounds : control) {
			double[] interval = rounds.ratioInterval();
			bias = Math.max(bias, Math.abs(rounds.ratio() - 1));
			widest = Math.max(widest, Math.max(Math.abs(interval[0] - 1), Math.abs(interval[1] - 1)));
		}
		return new Resolution(bias, widest);
	}

	/**
	 * Return whether every control ratio and its interval came out within 1% of 1.00.
	 * @return {@code true} if the run resolves 1%
	 */
	boolean resolvesRequired() {
		return this.widest <= REQUIRED;
	}

	/**
	 * Judge a path's rounds against a target: met when the least of its interval, less the run's bias, is
	 * at the target or above; missed when the greatest, plus the bias, is below it.
	 * @param rounds the path's rounds
	 * @param target the least acceptable ratio, plain over decorated
	 * @return the judgement
	 */
	Judgement judge(PairedRounds rounds, double target) {
		double[] interval = rounds.ratioInterval();
		if (interval[0] - this.bias >= target) {
			return Judgement.MET;
		}
		return (interval[1] + this.bias < target) ? Judgement.MISSED : Judgement.NOT_RESOLVED;
	}

	/**
	 * Whether a ratio meets its target.
	 */
	enum Judgement {

		/** Above the target by more than the run's error. */
		MET("met"),

		/** Below the target by more than the run's error. */
		MISSED("**missed**"),

		/** Within the run's error of the target. */
		NOT_RESOLVED("cannot tell on this run");

		private final String text;

		Judgement(String text) {
			this.text = text;
		}

		/**
		 * Return the judgement as the report writes it.
		 * @return the Markdown text
		 */
		String text() {
			return this.text;
		}

	}

}
