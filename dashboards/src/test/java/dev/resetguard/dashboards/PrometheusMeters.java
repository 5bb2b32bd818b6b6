package dev.resetguard.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.metrics.ResetGuardMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Reset Guard's meters as Micrometer's Prometheus registry exposes them: each {@link ResetGuardMeters}
 * constant is recorded once through {@link ResetGuardMetrics} and the scrape is read back, so names
 * come from the registry rather than from a copy of its naming rules. The idle-time summary has
 * buckets, as the metrics reference ({@code docs/reference/metrics.md}) describes, so that its
 * {@code _bucket} series exist too.
 */
final class PrometheusMeters {

	/** The families of each meter, from one scrape of a registry that recorded every meter once. */
	private static final Map<ResetGuardMeters, List<Family>> FAMILIES = scrape();

	private PrometheusMeters() {
	}

	/**
	 * Return the Prometheus name of a meter: the name of its first metric family.
	 * @param meter the meter
	 * @return the name as in the contract, e.g. {@code reset_guard_resets_total}
	 */
	static String name(ResetGuardMeters meter) {
		return FAMILIES.get(meter).get(0).name();
	}

	/**
	 * Return the Prometheus type of a meter's first metric family.
	 * @param meter the meter
	 * @return the type as in the scrape's {@code # TYPE} line, e.g. {@code counter}
	 */
	static String type(ResetGuardMeters meter) {
		return FAMILIES.get(meter).get(0).type();
	}

	/**
	 * Return the names of every series a meter exposes, such as {@code _count}, {@code _sum} and
	 * {@code _max} for a summary.
	 * @param meter the meter
	 * @return the series names
	 */
	static Set<String> seriesNames(ResetGuardMeters meter) {
		Set<String> names = new TreeSet<>();
		FAMILIES.get(meter).forEach((family) -> names.addAll(family.seriesNames()));
		return names;
	}

	/**
	 * Return the names of every series any Reset Guard meter exposes.
	 * @return the series names
	 */
	static Set<String> allSeriesNames() {
		Set<String> names = new TreeSet<>();
		for (ResetGuardMeters meter : ResetGuardMeters.values()) {
			names.addAll(seriesNames(meter));
		}
		return names;
	}

	private static Map<ResetGuardMeters, List<Family>> scrape() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ResetGuardMetrics metrics = new ResetGuardMetrics(registry);
		String peer = "127.0.0.1:8080";
		ConnectionFacts facts = new ConnectionFacts(1, "127.0.0.1:50000", peer, true, Duration.ofSeconds(70),
				Duration.ofSeconds(65), Duration.ZERO, 100, 0, false);
		metrics.onReset(new ResetEvent(Instant.now(), ClientKind.SOCKET, peer, ResetPhase.SENDING_REQUEST,
				ResetCause.STALE_CONNECTION, ResetSignal.RST, "SocketException", "Connection reset", facts, 1));
		metrics.recordRetry(ClientKind.SOCKET, peer, ResetCause.STALE_CONNECTION);
		metrics.recordCall(ClientKind.SOCKET, peer, CallOutcome.RECOVERED);
		metrics.recordPrevented(ClientKind.SOCKET, peer);
		List<Family> families = Family.parse(registry.scrape());
		registry.close();
		Map<ResetGuardMeters, List<Family>> byMeter = new EnumMap<>(ResetGuardMeters.class);
		for (ResetGuardMeters meter : ResetGuardMeters.values()) {
			String prefix = meter.getName().replace('.', '_');
			List<Family> matching = families.stream()
				.filter((family) -> family.name().equals(prefix) || family.name().startsWith(prefix + "_"))
				.sorted(Comparator.comparing(Family::name))
				.toList();
			if (matching.isEmpty()) {
				throw new IllegalStateException("No metric family for " + meter.getName() + " in the scrape");
			}
			byMeter.put(meter, matching);
		}
		return byMeter;
	}

	/**
	 * A metric family of a Prometheus text scrape: its {@code # TYPE} line and the names of its samples.
	 */
	private record Family(String name, String type, Set<String> seriesNames) {

		static List<Family> parse(String scrape) {
			Map<String, String> types = new LinkedHashMap<>();
			Map<String, Set<String>> series = new LinkedHashMap<>();
			String current = null;
			for (String line : scrape.split("\n")) {
				if (line.startsWith("# TYPE ")) {
					String[] parts = line.split(" ");
					current = parts[2];
					types.put(current, parts[3]);
					series.put(current, new TreeSet<>());
				}
				else if (!line.isBlank() && !line.startsWith("#") && current != null) {
					int end = line.indexOf('{');
					series.get(current).add(line.substring(0, (end >= 0) ? end : line.indexOf(' ')));
				}
			}
			List<Family> families = new ArrayList<>();
			types.forEach((name, type) -> families.add(new Family(name, type, series.get(name))));
			return families;
		}

	}

}
