package dev.resetguard.test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Which toxic the next connection or request draws: first the oldest unused {@code next} allowance that
 * applies, then the {@code sometimes} toxic if its seeded draw says so, then the {@code always} toxic,
 * else none.
 */
final class ToxicSchedule {

	private final Object monitor = new Object();

	private final List<Allowance> next = new ArrayList<>();

	private @Nullable Toxic always;

	private @Nullable Chance sometimes;

	void always(Toxic toxic) {
		synchronized (this.monitor) {
			this.always = toxic;
		}
	}

	void next(int count, Toxic toxic) {
		synchronized (this.monitor) {
			this.next.add(new Allowance(toxic, count));
		}
	}

	void sometimes(double probability, long seed, Toxic toxic) {
		synchronized (this.monitor) {
			this.sometimes = new Chance(toxic, probability, seed);
		}
	}

	void heal() {
		synchronized (this.monitor) {
			this.always = null;
			this.sometimes = null;
			this.next.clear();
		}
	}

	/**
	 * Draw the toxic for a connection just accepted; {@code anyKind} in raw mode, where every toxic counts
	 * connections, else only connection-level toxics.
	 */
	@Nullable Toxic takeForConnection(boolean anyKind) {
		return take(anyKind ? (toxic) -> true : Toxic::isConnectionLevel);
	}

	/**
	 * Draw the toxic for an HTTP request whose head was just read.
	 */
	@Nullable Toxic takeForRequest() {
		return take((toxic) -> !toxic.isConnectionLevel());
	}

	private @Nullable Toxic take(Predicate<Toxic> applies) {
		synchronized (this.monitor) {
			for (Iterator<Allowance> iterator = this.next.iterator(); iterator.hasNext();) {
				Allowance allowance = iterator.next();
				if (applies.test(allowance.toxic)) {
					if (--allowance.remaining == 0) {
						iterator.remove();
					}
					return allowance.toxic;
				}
			}
			if (this.sometimes != null && applies.test(this.sometimes.toxic) && this.sometimes.draw()) {
				return this.sometimes.toxic;
			}
			return (this.always != null && applies.test(this.always)) ? this.always : null;
		}
	}

	private static final class Allowance {

		private final Toxic toxic;

		private int remaining;

		Allowance(Toxic toxic, int remaining) {
			this.toxic = toxic;
			this.remaining = remaining;
		}

	}

	/**
	 * A toxic drawn with a fixed probability from a seeded sequence, so that the same seed affects the same
	 * share of the same number of draws in every run.
	 */
	private static final class Chance {

		private final Toxic toxic;

		private final double probability;

		private final SplittableRandom random;

		Chance(Toxic toxic, double probability, long seed) {
			this.toxic = toxic;
			this.probability = probability;
			this.random = new SplittableRandom(seed);
		}

		boolean draw() {
			return this.random.nextDouble() < this.probability;
		}

	}

}
