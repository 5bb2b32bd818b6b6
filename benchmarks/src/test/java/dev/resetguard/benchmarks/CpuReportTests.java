package dev.resetguard.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the CPU harness on its control, with a few short rounds: it proves the harness pairs
 * real batches and reads real counters, not how much CPU anything costs; the figures come from the full run.
 */
class CpuReportTests {

	@Test
	void smallRunMeasuresBothSocketStreamsAsTheControl() throws Exception {
		List<CpuReport.Row> rows = CpuReport.measure(List.of("socket"), new CpuReport.Plan(3, 5, 200, 2));
		assertThat(rows).extracting(CpuReport.Row::title)
			.containsExactly("Socket stream, 64 KiB read (control)", "Socket stream, 64 KiB write (control)");
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.kind()).isEqualTo(CpuReport.Kind.CONTROL);
			assertThat(row.plain()).hasSize(3);
			assertThat(row.decorated()).hasSize(3);
			// Moving 64 KiB through loopback takes the kernel microseconds of CPU, on one side or the other.
			assertThat(row.rounds().plain()).allSatisfy((nanos) -> assertThat(nanos).isPositive());
			assertThat(row.rounds().decorated()).allSatisfy((nanos) -> assertThat(nanos).isPositive());
		});
	}

}
