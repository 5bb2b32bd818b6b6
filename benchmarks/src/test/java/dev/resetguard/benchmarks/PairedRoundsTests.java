package dev.resetguard.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic of {@link CpuReport}'s rounds: ratios, medians and the median's interval.
 */
class PairedRoundsTests {

	@Test
	void ratioIsTheMedianOfTheRoundsRatiosPlainOverDecorated() {
		PairedRounds rounds = new PairedRounds(List.of(10.0, 20.0, 30.0), List.of(10.0, 25.0, 20.0));
		assertThat(rounds.ratios()).containsExactly(1.0, 0.8, 1.5);
		assertThat(rounds.ratio()).isEqualTo(1.0);
	}

	@Test
	void ratioPairsEachRoundWithItselfSoThatDriftBetweenRoundsCancels() {
		// The machine slows down tenfold between rounds; each round's decorated batch costs 2% more.
		PairedRounds rounds = new PairedRounds(List.of(10.0, 100.0, 1000.0), List.of(10.2, 102.0, 1020.0));
		assertThat(rounds.ratio()).isCloseTo(1 / 1.02, within(1e-12));
	}

	@Test
	void extraIsTheMedianOfTheRoundsDifferencesDecoratedLessPlain() {
		PairedRounds rounds = new PairedRounds(List.of(10.0, 10.0, 10.0, 10.0), List.of(11.0, 12.0, 13.0, 30.0));
		assertThat(rounds.extra()).isEqualTo(2.5);
	}

	@Test
	void extraIntervalHoldsTheMedianDifference() {
		PairedRounds rounds = new PairedRounds(List.of(10.0, 10.0, 10.0), List.of(11.0, 12.0, 13.0));
		assertThat(rounds.extraInterval()).containsExactly(1.0, 3.0);
	}

	@Test
	void quantileInterpolatesBetweenNearestRanks() {
		List<Double> values = List.of(4.0, 1.0, 3.0, 2.0);
		assertThat(PairedRounds.quantile(values, 0)).isEqualTo(1.0);
		assertThat(PairedRounds.quantile(values, 0.5)).isEqualTo(2.5);
		assertThat(PairedRounds.quantile(values, 0.25)).isEqualTo(1.75);
		assertThat(PairedRounds.quantile(values, 1)).isEqualTo(4.0);
	}

	@Test
	void medianIntervalOfOneHundredValuesIsTheirFortiethToSixtyFirst() {
		List<Double> values = new ArrayList<>();
		for (int i = 100; i >= 1; i--) {
			values.add((double) i);
		}
		assertThat(PairedRounds.medianInterval(values)).containsExactly(40.0, 61.0);
	}

	@Test
	void medianIntervalOfFewValuesIsAllOfThem() {
		assertThat(PairedRounds.medianInterval(List.of(3.0, 1.0, 2.0))).containsExactly(1.0, 3.0);
		assertThat(PairedRounds.medianInterval(List.of(7.0))).containsExactly(7.0, 7.0);
	}

	@Test
	void roundsOfUnequalCountAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PairedRounds(List.of(1.0, 2.0), List.of(1.0)));
		assertThatIllegalArgumentException().isThrownBy(() -> new PairedRounds(List.of(), List.of()));
	}

}
