package dev.resetguard.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.metrics.ResetGuardMeters;
import io.micrometer.common.docs.KeyName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics reference, {@code docs/reference/metrics.md}, matches the meters: its table has one row
 * per {@link ResetGuardMeters} constant, in order and no other, with the meter's name, the name
 * Prometheus shows, its type, tags and description; and it lists every contract tag value.
 */
class MetricsReferenceTests {

	@Test
	void metricsTableMatchesTheMeterEnum() throws IOException {
		List<Row> expected = Stream.of(ResetGuardMeters.values())
			.map((meter) -> new Row(meter.getName(), PrometheusMeters.name(meter), type(meter),
					Arrays.stream(meter.getKeyNames()).map(KeyName::asString).toList(), meter.getDescription()))
			.toList();
		assertThat(table(metricsReference())).containsExactlyElementsOf(expected);
	}

	@Test
	void everyContractTagValueIsListed() throws IOException {
		List<String> values = new ArrayList<>();
		Stream.of(ClientKind.values()).map(ClientKind::tagValue).forEach(values::add);
		Stream.of(ResetPhase.values()).map(ResetPhase::tagValue).forEach(values::add);
		Stream.of(ResetCause.values()).map(ResetCause::tagValue).forEach(values::add);
		Stream.of(CallOutcome.values()).map(CallOutcome::tagValue).forEach(values::add);
		String reference = metricsReference();
		assertThat(values).allSatisfy((value) -> assertThat(reference).contains("`" + value + "`"));
	}

	private static String type(ResetGuardMeters meter) {
		return meter.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	private static String metricsReference() throws IOException {
		return Files.readString(ModuleFiles.METRICS_REFERENCE);
	}

	// The first table of the page, without its header and separator rows.
	private static List<Row> table(String page) {
		List<String> lines = page.lines().dropWhile((line) -> !line.startsWith("|"))
			.takeWhile((line) -> line.startsWith("|"))
			.toList();
		assertThat(lines).as("the metrics table").hasSizeGreaterThan(2);
		assertThat(cells(lines.get(0))).containsExactly("Meter", "Prometheus name", "Type", "Tags", "Description");
		return lines.stream().skip(2).map(MetricsReferenceTests::cells).map((cells) -> new Row(cells.get(0),
				cells.get(1), cells.get(2), Arrays.stream(cells.get(3).split(",")).map(String::strip).toList(),
				cells.get(4))).toList();
	}

	private static List<String> cells(String line) {
		String inner = line.strip().substring(1, line.strip().length() - 1);
		return Arrays.stream(inner.split("\\|")).map((cell) -> cell.replace("`", "").strip()).toList();
	}

	private record Row(String meter, String prometheusName, String type, List<String> tags, String description) {

	}

}
