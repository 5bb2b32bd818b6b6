package dev.resetguard.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.resetguard.benchmarks.Resolution.Judgement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How {@link CpuReport} decides whether its control resolves 1%, and judges a path against its target.
 */
class ResolutionTests {

	@Test
	void controlWhoseRatiosAndIntervalsLieWithinOnePercentResolvesIt() {
		Resolution resolution = Resolution.of(List.of(rounds(1.0, 0.005, 101), rounds(1.002, 0.004, 101)));
		assertThat(resolution.resolvesRequired()).isTrue();
		assertThat(resolution.bias()).isCloseTo(0.002, within(1e-9));
	}

	@Test
	void controlWhoseRatioIsOutsideOnePercentCannotResolveIt() {
		Resolution resolution = Resolution.of(List.of(rounds(1.0, 0.001, 101), rounds(0.985, 0.001, 101)));
		assertThat(resolution.resolvesRequired()).isFalse();
		assertThat(resolution.bias()).isCloseTo(0.015, within(1e-9));
	}

	@Test
	void controlWhoseRatioIsExactButWhoseIntervalIsWiderThanOnePercentCannotResolveIt() {
		Resolution resolution = Resolution.of(List.of(rounds(1.0, 0.2, 101)));
		assertThat(resolution.bias()).isZero();
		assertThat(resolution.resolvesRequired()).isFalse();
	}

	@Test
	void pathIsJudgedOnItsIntervalWidenedByTheControlsBias() {
		Resolution resolution = new Resolution(0.005, 0.008);
		// Each path's rounds all have the same ratio, so its interval is that ratio alone.
		assertThat(resolution.judge(rounds(0.99, 0, 11), 0.98)).isEqualTo(Judgement.MET);
		assertThat(resolution.judge(rounds(0.983, 0, 11), 0.98)).isEqualTo(Judgement.NOT_RESOLVED);
		assertThat(resolution.judge(rounds(0.977, 0, 11), 0.98)).isEqualTo(Judgement.NOT_RESOLVED);
		assertThat(resolution.judge(rounds(0.97, 0, 11), 0.98)).isEqualTo(Judgement.MISSED);
	}

	@Test
	void pathWhoseIntervalStraddlesTheTargetCannotBeTold() {
		assertThat(new Resolution(0, 0).judge(rounds(0.98, 0.05, 101), 0.98)).isEqualTo(Judgement.NOT_RESOLVED);
	}

	// Rounds whose ratios spread evenly from ratio - spread to ratio + spread, plain 1 µs each.
	private static PairedRounds rounds(double ratio, double spread, int count) {
		List<Double> plain = new ArrayList<>();
		List<Double> decorated = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double each = (count == 1) ? ratio : ratio - spread + 2 * spread * i / (count - 1);
			plain.add(1000.0);
			decorated.add(1000.0 / each);
		}
		return new PairedRounds(plain, decorated);
	}

}
