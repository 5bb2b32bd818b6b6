package dev.resetguard.reliability.load;

import dev.resetguard.metrics.ResetGuardMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sums of Reset Guard's counters over every tag value a test does not name.
 */
final class MeterTotals {

	private MeterTotals() {
	}

	/**
	 * Return the total of a counter over every tag value not given.
	 * @param tags tag keys and values, alternating
	 */
	static long total(MeterRegistry registry, ResetGuardMeters meter, String... tags) {
		return (long) registry.find(meter.getName()).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

}
