package dev.resetguard.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the allocation harness with a few hundred calls: it proves the harness measures real
 * clients end to end, not how much they allocate; the figures come from the full run.
 */
class AllocationReportTests {

	@Test
	void smallRunMeasuresBothHalvesOfTheWebClientDecoration() throws Exception {
		List<AllocationReport.Row> rows = AllocationReport.measure(List.of("webclient"), 1, 300, 300);
		assertThat(rows).extracting(AllocationReport.Row::title)
			.containsExactly("WebClient · Reactor Netty", "WebClient: Reset Guard's filter only",
					"WebClient: Reset Guard's connector only");
		assertThat(rows).allSatisfy((row) -> {
			// A keep-alive GET through a Boot WebClient allocates kilobytes, on the caller and the event loop.
			assertThat(row.plain().callingThread()).isGreaterThan(1000);
			assertThat(row.plain().allThreads()).isGreaterThan(row.plain().callingThread());
		});
		AllocationReport.Row decorated = rows.get(0);
		assertThat(decorated.decorated().allThreads())
			.as("the decorated client makes its call state on top of everything the plain one makes")
			.isGreaterThan(decorated.plain().allThreads());
	}

}
