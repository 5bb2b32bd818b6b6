package dev.resetguard.observe;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HealthThresholdsTests {

	private final HealthThresholds thresholds = new HealthThresholds(10, 0.05, 0.5);

	@Test
	void belowTheDegradedRatioIsUp() {
		assertThat(this.thresholds.statusOf(peer(100, 4))).isEqualTo(PeerStatus.UP);
	}

	@Test
	void fromTheDegradedRatioIsDegraded() {
		assertThat(this.thresholds.statusOf(peer(100, 5))).isEqualTo(PeerStatus.DEGRADED);
		assertThat(this.thresholds.statusOf(peer(100, 49))).isEqualTo(PeerStatus.DEGRADED);
	}

	@Test
	void fromTheDownRatioIsDown() {
		assertThat(this.thresholds.statusOf(peer(100, 50))).isEqualTo(PeerStatus.DOWN);
		assertThat(this.thresholds.statusOf(peer(10, 30))).isEqualTo(PeerStatus.DOWN);
	}

	@Test
	void fewerCallsThanMinCallsIsUpWhateverTheRatio() {
		assertThat(this.thresholds.statusOf(peer(9, 9))).isEqualTo(PeerStatus.UP);
		assertThat(this.thresholds.statusOf(peer(0, 25))).isEqualTo(PeerStatus.UP);
	}

	@Test
	void degradedRatioMustBeBelowDownRatio() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthThresholds(10, 0.5, 0.5))
			.withMessage("degradedRatio must be positive and below downRatio, but were 0.5 and 0.5");
	}

	@Test
	void downRatioMustBeAtMostOne() {
		assertThat(new HealthThresholds(10, 0.5, HealthThresholds.RATIO_LIMIT).downRatio()).isEqualTo(1.0);
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthThresholds(10, 0.5, 1.5))
			.withMessage("downRatio must be at most 1.0, but was 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthThresholds(10, 0.5, Double.NaN))
			.withMessageStartingWith("downRatio");
	}

	@Test
	void defaultsAreTheDefaultConstants() {
		assertThat(HealthThresholds.DEFAULTS).isEqualTo(new HealthThresholds(10, 0.05, 0.5));
	}

	@Test
	void minCallsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthThresholds(0, 0.05, 0.5))
			.withMessage("minCalls must be at least 1, but was 0");
	}

	@Test
	void worstStatusWins() {
		assertThat(PeerStatus.UP.worse(PeerStatus.DEGRADED)).isEqualTo(PeerStatus.DEGRADED);
		assertThat(PeerStatus.DOWN.worse(PeerStatus.DEGRADED)).isEqualTo(PeerStatus.DOWN);
	}

	private static PeerStatistics peer(long calls, long resets) {
		return new PeerStatistics("api:443", calls, resets, Map.of(), null);
	}

}
