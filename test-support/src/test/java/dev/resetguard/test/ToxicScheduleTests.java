package dev.resetguard.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which toxic each request or connection draws from a {@link ToxicSchedule}.
 */
class ToxicScheduleTests {

	private static final Toxic RESET = Toxic.resetAfterRequestHead();

	@Test
	void sometimesAffectsAboutThatShareOfRequests() {
		ToxicSchedule schedule = new ToxicSchedule();
		schedule.sometimes(0.1, 7, RESET);
		long affected = draws(schedule, 10_000).stream().filter(RESET::equals).count();
		assertThat(affected).isBetween(900L, 1100L);
	}

	@Test
	void sometimesWithTheSameSeedAffectsTheSameRequests() {
		ToxicSchedule first = new ToxicSchedule();
		first.sometimes(0.1, 42, RESET);
		ToxicSchedule second = new ToxicSchedule();
		second.sometimes(0.1, 42, RESET);
		assertThat(draws(first, 1000)).isEqualTo(draws(second, 1000));
	}

	@Test
	void sometimesWithProbabilityOneAffectsEveryRequestAndZeroNone() {
		ToxicSchedule schedule = new ToxicSchedule();
		schedule.sometimes(1, 1, RESET);
		assertThat(draws(schedule, 100)).containsOnly(RESET);
		schedule.sometimes(0, 1, RESET);
		assertThat(draws(schedule, 100)).containsOnlyNulls();
	}

	@Test
	void sometimesDrawsOnlyForWhatItAppliesTo() {
		ToxicSchedule schedule = new ToxicSchedule();
		schedule.sometimes(1, 1, RESET);
		assertThat(schedule.takeForConnection(false)).isNull();
		assertThat(schedule.takeForRequest()).isEqualTo(RESET);
	}

	@Test
	void nextTakesPrecedenceOverSometimesAndSometimesOverAlways() {
		ToxicSchedule schedule = new ToxicSchedule();
		Toxic truncate = Toxic.resetAfterResponseBytes(1);
		Toxic silence = Toxic.silenceThenReset(Duration.ofMillis(1));
		schedule.always(truncate);
		schedule.sometimes(1, 1, RESET);
		schedule.next(1, silence);
		assertThat(draws(schedule, 2)).containsExactly(silence, RESET);
		schedule.sometimes(0, 1, RESET);
		assertThat(schedule.takeForRequest()).isEqualTo(truncate);
	}

	@Test
	void healRemovesSometimes() {
		ToxicSchedule schedule = new ToxicSchedule();
		schedule.sometimes(1, 1, RESET);
		schedule.heal();
		assertThat(schedule.takeForRequest()).isNull();
	}

	private static List<Toxic> draws(ToxicSchedule schedule, int count) {
		List<Toxic> draws = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			draws.add(schedule.takeForRequest());
		}
		return draws;
	}

}
