package dev.resetguard.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	private static final long MS = 1_000_000L;

	@Test
	void withoutJitterGrowsExponentiallyUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 0.0, () -> 0.7);
		assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
		assertThat(backoff.delayNanos(2)).isEqualTo(200 * MS);
		assertThat(backoff.delayNanos(3)).isEqualTo(400 * MS);
		assertThat(backoff.delayNanos(5)).isEqualTo(1600 * MS);
		assertThat(backoff.delayNanos(6)).isEqualTo(2000 * MS);
		assertThat(backoff.delayNanos(100)).isEqualTo(2000 * MS);
	}

	@Test
	void hugeRetryNumbersStayAtTheCap() {
		Backoff backoff = new Backoff(Duration.ofMillis(100), 100.0, Duration.ofHours(1), 0.5, () -> 0.0);
		assertThat(backoff.delayNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1).toNanos());
	}

	@Test
	void jitterDrawsFromTheLowerFractionOfTheBase() {
		assertThat(backoffDrawing(0.0).delayNanos(2)).isEqualTo(200 * MS);
		assertThat(backoffDrawing(0.5).delayNanos(2)).isEqualTo(150 * MS);
		assertThat(backoffDrawing(1.0).delayNanos(2)).isEqualTo(100 * MS);
	}

	@Test
	void jitterStaysWithinItsRangeForRandomDraws() {
		Backoff backoff = Backoff.of(RetrySettings.builder().jitter(0.3).build());
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		for (int i = 0; i < 10_000; i++) {
			long delay = backoff.delayNanos(3);
			min = Math.min(min, delay);
			max = Math.max(max, delay);
		}
		assertThat(min).isGreaterThanOrEqualTo(280 * MS).isLessThan(285 * MS);
		assertThat(max).isLessThanOrEqualTo(400 * MS).isGreaterThan(395 * MS);
	}

	@Test
	void fullJitterNeverExceedsTheCap() {
		Backoff backoff = Backoff.of(RetrySettings.builder().jitter(1.0).build());
		for (int retry = 1; retry < 50; retry++) {
			assertThat(backoff.delayNanos(retry)).isBetween(0L, 2000 * MS);
		}
	}

	@Test
	void drawsOutsideTheUnitIntervalAreClamped() {
		assertThat(backoffDrawing(-3.0).delayNanos(1)).isEqualTo(100 * MS);
		assertThat(backoffDrawing(7.0).delayNanos(1)).isEqualTo(50 * MS);
	}

	@Test
	void zeroInitialBackoffNeverWaits() {
		Backoff backoff = new Backoff(Duration.ZERO, 100.0, Duration.ofSeconds(1), 0.5, () -> 0.5);
		assertThat(backoff.delayNanos(1)).isZero();
		assertThat(backoff.delayNanos(1000)).isZero();
	}

	@Test
	void retryNumbersStartAtOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> backoffDrawing(0.0).delayNanos(0))
			.withMessage("retry must be at least 1, but was 0");
	}

	private static Backoff backoffDrawing(double draw) {
		return new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), 0.5, () -> draw);
	}

}
