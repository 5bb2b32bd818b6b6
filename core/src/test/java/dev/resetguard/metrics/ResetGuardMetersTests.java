package dev.resetguard.metrics;

import java.util.Arrays;
import java.util.List;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ResetGuardMetersTests {

	@Test
	void metersMatchTheContractTable() {
		assertThat(ResetGuardMeters.values())
			.extracting(ResetGuardMeters::getName, ResetGuardMeters::getType, (meter) -> keys(meter.getKeyNames()))
			.containsExactly(
					tuple("reset.guard.resets", Meter.Type.COUNTER,
							List.of("client", "peer", "phase", "cause", "exception")),
					tuple("reset.guard.retries", Meter.Type.COUNTER, List.of("client", "peer", "cause")),
					tuple("reset.guard.calls", Meter.Type.COUNTER, List.of("client", "peer", "outcome")),
					tuple("reset.guard.connection.idle", Meter.Type.DISTRIBUTION_SUMMARY, List.of("client", "peer")),
					tuple("reset.guard.prevented", Meter.Type.COUNTER, List.of("client", "peer")));
	}

	@Test
	void prometheusNamesMatchTheContractTable() {
		assertThat(ResetGuardMeters.values()).extracting(ResetGuardMetersTests::prometheusName)
			.containsExactly("reset_guard_resets_total", "reset_guard_retries_total", "reset_guard_calls_total",
					"reset_guard_connection_idle_seconds", "reset_guard_prevented_total");
	}

	@Test
	void everyMeterHasADescriptionAndABaseUnit() {
		assertThat(ResetGuardMeters.values()).allSatisfy((meter) -> {
			assertThat(meter.getDescription()).isNotBlank();
			assertThat(meter.getBaseUnit()).isNotBlank();
		});
		assertThat(ResetGuardMeters.CONNECTION_IDLE.getBaseUnit()).isEqualTo("seconds");
	}

	@Test
	void tagKeysAreDeclaredOnce() {
		assertThat(ResetGuardMeters.TagKey.values()).extracting(KeyName::asString)
			.containsExactly("client", "peer", "phase", "cause", "exception", "outcome");
	}

	@Test
	void keyNamesCannotBeChangedThroughTheReturnedArray() {
		ResetGuardMeters.CALLS.getKeyNames()[0] = ResetGuardMeters.TagKey.PHASE;
		assertThat(ResetGuardMeters.CALLS.getKeyNames()[0]).isEqualTo(ResetGuardMeters.TagKey.CLIENT);
	}

	private static List<String> keys(KeyName[] keyNames) {
		return Arrays.stream(keyNames).map(KeyName::asString).toList();
	}

	// Micrometer's Prometheus naming convention: snake case, the base unit appended unless the name
	// already ends with it, and _total on counters.
	private static String prometheusName(ResetGuardMeters meter) {
		String name = meter.getName().replace('.', '_');
		if (!name.endsWith("_" + meter.getBaseUnit())) {
			name += "_" + meter.getBaseUnit();
		}
		return (meter.getType() == Meter.Type.COUNTER) ? name + "_total" : name;
	}

}
