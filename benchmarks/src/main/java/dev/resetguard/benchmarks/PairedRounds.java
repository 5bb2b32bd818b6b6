package dev.resetguard.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU time per call of a plain and a decorated variant over rounds in which each ran one batch beside
 * the other. A round's ratio compares two batches run milliseconds apart, so load that drifts from
 * round to round cancels out; the median of the rounds' ratios is the figure, their quartiles and extremes
 * its spread.
 *
 * @param plain the plain variant's CPU time per call, one value per round
 * @param decorated the decorated variant's CPU time per call, one value per round, in the same order
 */
record PairedRounds(List<Double> plain, List<Double> decorated) {

	PairedRounds {
		if (plain.isEmpty() || plain.size() != decorated.size()) {
			throw new IllegalArgumentException(
					"Need as many decorated rounds as plain ones, at least one: " + plain.size() + " and " + decorated.size());
		}
		plain = List.copyOf(plain);
		decorated = List.copyOf(decorated);
	}

	/**
	 * Return each round's ratio, plain over decorated: what a CPU-bound caller's throughput ratio would be.
	 * @return the ratios, in round order
	 */
	List<Double> ratios() {
		List<Double> ratios = new ArrayList<>(this.plain.size());
		for (int i = 0; i < this.plain.size(); i++) {
			ratios.add(this.plain.get(i) / this.decorated.get(i));
		}
		return ratios;
	}

	/**
	 * Return the median of the rounds' ratios.
	 * @return the ratio, plain over decorated
	 */
	double ratio() {
		return quantile(ratios(), 0.5);
	}

	/**
	 * Return the interval that holds the median of the rounds' ratios with 95% confidence, from the ratios'
	 * order statistics alone: it assumes nothing of their distribution, whose tails here are long.
	 * @return the least and the greatest ratio of the interval
	 */
	double[] ratioInterval() {
		return medianInterval(ratios());
	}

	/**
	 * Return the median of the rounds' differences, decorated less plain.
	 * @return the extra CPU time per call
	 */
	double extra() {
		return quantile(differences(), 0.5);
	}

	/**
	 * Return the interval that holds the median of the rounds' differences with 95% confidence.
	 * @return the least and the greatest difference of the interval
	 */
	double[] extraInterval() {
		return medianInterval(differences());
	}

	private List<Double> differences() {
		List<Double> differences = new ArrayList<>(this.plain.size());
		for (int i = 0; i < this.plain.size(); i++) {
			differences.add(this.decorated.get(i) - this.plain.get(i));
		}
		return differences;
	}

	/**
	 * Return the interval that holds the median of values with 95% confidence: the values whose ranks lie
	 * 1.96 standard deviations of a binomial count either side of the middle.
	 * @param values the values, in any order; at least one
	 * @return the least and the greatest value of the interval
	 */
	static double[] medianInterval(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		double halfWidth = 1.96 * Math.sqrt(n) / 2;
		// Ranks counted from 1, as the textbook gives them: floor(n/2 - h) and ceil(1 + n/2 + h).
		int lower = (int) Math.max(1, Math.floor(n / 2.0 - halfWidth));
		int upper = (int) Math.min(n, Math.ceil(1 + n / 2.0 + halfWidth));
		return new double[] { sorted.get(lower - 1), sorted.get(upper - 1) };
	}

	/**
	 * Return a quantile of values, interpolating linearly between the two nearest ranks.
	 * @param values the values, in any order; at least one
	 * @param q the quantile, from 0 (the least) to 1 (the greatest)
	 * @return the quantile
	 */
	static double quantile(List<Double> values, double q) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		double rank = q * (sorted.size() - 1);
		int below = (int) Math.floor(rank);
		int above = (int) Math.ceil(rank);
		return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
	}

}
