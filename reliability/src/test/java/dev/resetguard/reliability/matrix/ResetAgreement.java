package dev.resetguard.reliability.matrix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.resetguard.actuate.ResetsEndpoint.EventDescriptor;
import dev.resetguard.actuate.ResetsEndpoint;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.observe.ResetLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 15's check that one event per reset feeds the listeners, the endpoint, the log and the meters
 * alike: for every reset of a peer, the event a listener got, the endpoint's event and the WARN line tell
 * the same client, phase, cause, local port, attempt and decision, the reset meter counts the same
 * client, phase and cause, the call meter counts each decision to stop as that call's outcome and the
 * retry meter each decision to retry, and every reset carries a decision, as every matrix client has a
 * retry loop. The log lines are captured from the log's own logger.
 */
final class ResetAgreement implements AutoCloseable {

	private static final Pattern LINE = Pattern.compile("Connection to (\\S+) reset \\(client (\\S+), phase (\\S+), "
			+ "cause (\\S+), local port (\\S+), attempt (\\d+)\\): (.+?)\\. ");

	private static final Duration SETTLE = Duration.ofSeconds(5);

	private final ConfigurableApplicationContext context;

	private final Lines lines = new Lines();

	private ResetAgreement(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start capturing the reset log of an application; call after it started, as Spring Boot resets
	 * Logback's appenders when it initializes logging.
	 * @param context the application
	 * @return the agreement check
	 */
	static ResetAgreement attach(ConfigurableApplicationContext context) {
		ResetAgreement agreement = new ResetAgreement(context);
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		agreement.lines.setContext(loggers);
		agreement.lines.setName("reset-agreement");
		agreement.lines.start();
		loggers.getLogger(ResetLog.class).addAppender(agreement.lines);
		return agreement;
	}

	/**
	 * Return where the endpoint, the log and the meters disagree with the events about a peer's resets,
	 * once they agree or a few seconds passed: a reset published while they are read reaches them one
	 * after the other.
	 * @param peer the peer
	 * @param events the events the listeners got about it
	 * @return the disagreements, empty when they all agree
	 * @throws InterruptedException if interrupted while waiting
	 */
	List<String> disagreements(String peer, Function<String, List<ResetEvent>> events) throws InterruptedException {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		List<String> found = check(peer, events.apply(peer));
		while (!found.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(50);
			found = check(peer, events.apply(peer));
		}
		return found;
	}

	private List<String> check(String peer, List<ResetEvent> events) {
		List<String> found = new ArrayList<>();
		List<String> expected = sorted(events.stream().map(ResetAgreement::describe).toList());
		for (ResetEvent event : events) {
			if (event.decision() == null) {
				found.add("no decision on " + describe(event));
			}
		}
		List<String> endpoint = sorted(this.context.getBean(ResetsEndpoint.class)
			.resets()
			.events()
			.stream()
			.filter((event) -> peer.equals(event.peer()))
			.map(ResetAgreement::describe)
			.toList());
		if (!endpoint.equals(expected)) {
			found.add("endpoint " + endpoint + " but events " + expected);
		}
		List<String> logged = this.lines.of(peer);
		List<String> unmatched = new ArrayList<>(expected);
		for (String line : logged) {
			if (!unmatched.remove(line)) {
				found.add("log line " + line + " matches no event of " + expected);
			}
		}
		int dueLines = Math.min(events.size(), ResetLog.DEFAULT_LINES_PER_INTERVAL);
		if (logged.size() < dueLines) {
			found.add("log lines " + logged + " but events " + expected);
		}
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		Map<String, Long> resetsCounted = new TreeMap<>();
		for (Counter counter : registry.find("reset.guard.resets").tag("peer", peer).counters()) {
			if (counter.count() > 0) {
				// Summed: resets of one client, phase and cause are counted apart by their exception tag.
				resetsCounted.merge(counter.getId().getTag("client") + " " + counter.getId().getTag("phase") + " "
						+ counter.getId().getTag("cause"), (long) counter.count(), Long::sum);
			}
		}
		Map<String, Long> resetsSeen = new TreeMap<>(events.stream()
			.collect(Collectors.groupingBy((event) -> event.client().tagValue() + " " + event.phase().tagValue() + " "
					+ event.cause().tagValue(), Collectors.counting())));
		if (!resetsCounted.equals(resetsSeen)) {
			found.add("reset meter " + resetsCounted + " but events " + resetsSeen);
		}
		for (RetryDecision decision : RetryDecision.values()) {
			long decided = events.stream().filter((event) -> event.decision() == decision).count();
			long counted = (decision == RetryDecision.RETRY) ? count(registry, "reset.guard.retries", peer, null)
					: count(registry, "reset.guard.calls", peer, decision.outcome().tagValue());
			if (decided != counted) {
				found.add(decided + " resets decided " + decision.tagValue() + " but the meter counted " + counted);
			}
		}
		return found;
	}

	@Override
	public void close() {
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		loggers.getLogger(ResetLog.class).detachAppender(this.lines);
		this.lines.stop();
	}

	private static long count(MeterRegistry registry, String meter, String peer, String outcome) {
		double total = 0;
		for (Counter counter : registry.find(meter).tag("peer", peer).counters()) {
			if (outcome == null || outcome.equals(counter.getId().getTag("outcome"))) {
				total += counter.count();
			}
		}
		return (long) total;
	}

	private static String describe(ResetEvent event) {
		ConnectionFacts facts = event.facts();
		return describe(event.client().tagValue(), event.phase().tagValue(), event.cause().tagValue(),
				port((facts != null) ? facts.localAddress() : null), event.attempt(),
				(event.decision() != null) ? event.decision().tagValue() : null);
	}

	private static String describe(EventDescriptor event) {
		return describe(event.client(), event.phase(), event.cause(), port(event.localAddress()), event.attempt(),
				event.outcome());
	}

	private static String describe(String client, String phase, String cause, String localPort, int attempt,
			String decision) {
		return client + " " + phase + " " + cause + " port " + localPort + " attempt " + attempt + " " + decision;
	}

	private static String port(String address) {
		int colon = (address != null) ? address.lastIndexOf(':') : -1;
		return (colon >= 0) ? address.substring(colon + 1) : "unknown";
	}

	private static List<String> sorted(List<String> values) {
		List<String> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted;
	}

	/**
	 * The reset log's lines, each as the event it describes.
	 */
	private static final class Lines extends AppenderBase<ILoggingEvent> {

		private final List<String[]> lines = new ArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			Matcher line = LINE.matcher(event.getFormattedMessage());
			if (line.find()) {
				String decision = decision(line.group(7));
				synchronized (this.lines) {
					this.lines.add(new String[] { line.group(1), describe(line.group(2), line.group(3), line.group(4),
							line.group(5), Integer.parseInt(line.group(6)), decision) });
				}
			}
		}

		List<String> of(String peer) {
			synchronized (this.lines) {
				return this.lines.stream().filter((line) -> line[0].equals(peer)).map((line) -> line[1]).toList();
			}
		}

		private static String decision(String words) {
			if (words.startsWith("retrying in ")) {
				return RetryDecision.RETRY.tagValue();
			}
			return switch (words) {
				case "giving up" -> RetryDecision.EXHAUSTED.tagValue();
				case "not retryable" -> RetryDecision.NOT_RETRYABLE.tagValue();
				case "retry budget exhausted" -> RetryDecision.BUDGET_EXHAUSTED.tagValue();
				default -> null;
			};
		}

	}

}
