package dev.resetguard.sample;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.metrics.ResetGuardMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Logs a one-line summary of Reset Guard's meters every {@code sample.summary-interval}: calls and how
 * resets affected them, resets by cause, retries, resets prevented, retries the budget refused, and
 * calls that failed for good. Logs a last one when the sample stops.
 */
public class ResetSummary implements SmartLifecycle {

	/** The phase of this lifecycle: before {@link UpstreamChaos}, so its last summary comes last. */
	public static final int PHASE = UpstreamChaos.PHASE - 1;

	private static final Logger logger = LoggerFactory.getLogger(ResetSummary.class);

	private final MeterRegistry registry;

	private final SampleTraffic traffic;

	private final Scenario scenario;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	private long startNanos;

	/**
	 * Create the summary.
	 * @param registry the registry Reset Guard's meters are in
	 * @param traffic the sample's traffic, which counts calls that failed for good
	 * @param scenario the scenario, named in each line
	 * @param interval the time between two summaries
	 */
	public ResetSummary(MeterRegistry registry, SampleTraffic traffic, Scenario scenario, Duration interval) {
		this.registry = registry;
		this.traffic = traffic;
		this.scenario = scenario;
		this.interval = interval;
	}

	@Override
	public void start() {
		this.startNanos = System.nanoTime();
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sample-summary");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.scheduler.scheduleAtFixedRate(() -> logger.info(summary()), millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
		this.scheduler = null;
		logger.info("{} (final)", summary());
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Return the number of calls that ended with the given outcome.
	 * @param outcome the outcome
	 * @return the number of calls
	 */
	public long calls(CallOutcome outcome) {
		return outcome(countByTag(ResetGuardMeters.CALLS, ResetGuardMeters.TagKey.OUTCOME), outcome);
	}

	/**
	 * Return the number of resets seen, by cause tag value.
	 * @return the resets by cause
	 */
	public Map<String, Long> resetsByCause() {
		return countByTag(ResetGuardMeters.RESETS, ResetGuardMeters.TagKey.CAUSE);
	}

	/**
	 * Return the summary of the meters as they stand.
	 * @return the one-line summary
	 */
	public String summary() {
		Map<String, Long> outcomes = countByTag(ResetGuardMeters.CALLS, ResetGuardMeters.TagKey.OUTCOME);
		Map<String, Long> causes = countByTag(ResetGuardMeters.RESETS, ResetGuardMeters.TagKey.CAUSE);
		long calls = outcomes.values().stream().mapToLong(Long::longValue).sum();
		long resets = causes.values().stream().mapToLong(Long::longValue).sum();
		StringJoiner byCause = new StringJoiner(", ", " (", ")").setEmptyValue("");
		causes.forEach((cause, count) -> byCause.add(cause + " " + count));
		long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.startNanos);
		String summary = String.format(
				"[%s %d:%02d] calls %d: recovered %d, not retried %d, gave up %d | resets %d%s | retries %d"
						+ " | prevented %d | budget refused %d | failed %d (refused connects %d)",
				this.scenario.value(), elapsed / 60, elapsed % 60, calls, outcome(outcomes, CallOutcome.RECOVERED),
				outcome(outcomes, CallOutcome.NOT_RETRYABLE), outcome(outcomes, CallOutcome.EXHAUSTED), resets, byCause,
				total(ResetGuardMeters.RETRIES), total(ResetGuardMeters.PREVENTED),
				outcome(outcomes, CallOutcome.BUDGET_EXHAUSTED), this.traffic.failures(), this.traffic.refusedConnects());
		String lastFailure = this.traffic.lastFailure();
		return (lastFailure != null) ? summary + " (last: " + lastFailure + ")" : summary;
	}

	private static long outcome(Map<String, Long> outcomes, CallOutcome outcome) {
		return outcomes.getOrDefault(outcome.tagValue(), 0L);
	}

	private long total(ResetGuardMeters meter) {
		return (long) this.registry.find(meter.getName()).counters().stream().mapToDouble(Counter::count).sum();
	}

	private Map<String, Long> countByTag(ResetGuardMeters meter, ResetGuardMeters.TagKey key) {
		Map<String, Long> counts = new TreeMap<>();
		for (Counter counter : this.registry.find(meter.getName()).counters()) {
			counts.merge(counter.getId().getTag(key.asString()), (long) counter.count(), Long::sum);
		}
		return counts;
	}

}
