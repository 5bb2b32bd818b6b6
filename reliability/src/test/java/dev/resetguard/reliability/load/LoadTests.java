package dev.resetguard.reliability.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.test.ChaosLedger;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.RequestRecord;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * 200 concurrent callers, 100 through a Boot-configured RestClient (Apache HttpClient 5) and 100 through a
 * Boot-configured WebClient (Reactor Netty), at the same time for the whole run (default 60 s, system
 * property {@code reliability.load.duration}), against a chaos server that resets about 5% of attempts
 * in mixed ways: after the request head, after response bytes, during a POST's upload (each drawn per
 * attempt), and on accept (each new connection). Both clients run together rather than one after the
 * other, so that 200 callers are in flight at any time and the clients share one Reset Guard (recorder,
 * metrics, budgets, ride-through) under contention, as in an application that uses both.
 * <p>
 * Checks, from the chaos server's ledger and the application's own meters and listeners: no POST is
 * sent twice and every POST that succeeded was answered once; every injected reset is counted exactly
 * once; every call reports one outcome; no listener or thread lets an exception escape; and once the
 * application and the server are closed, threads and heap are back to where they were.
 */
@Tag("long")
class LoadTests {

	private static final Duration DURATION = DurationStyle
		.detectAndParse(System.getProperty("reliability.load.duration", "60s"));

	private static final int CALLERS_PER_CLIENT = 100;

	/** Bound on calls per caller, far above what a caller makes in the run on this hardware. */
	private static final int MAX_CALLS_PER_CALLER = 1_000_000;

	private static final double RESET_PROBABILITY = 0.05;

	private static final long SEED = 20261122L;

	private static final int RESPONSE_BYTES = 2048;

	private static final byte[] POST_BODY = new byte[8 * 1024];

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	/** Longest a call may take: a read timeout per attempt is not possible (a timeout ends the call), so one
	 * read timeout, a connect, the ride-through's default wait and the default backoffs, with room to spare. */
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	/**
	 * Threads that may outlive the run without being a leak: JDK and Netty threads that end by themselves
	 * on idle timers (ForkJoinPool common pool workers, Netty's GlobalEventExecutor) and may be caught
	 * between their last task and their idle exit. A leak of callers, connections, event loops or probes
	 * would be tens or hundreds.
	 */
	private static final int THREAD_TOLERANCE = 3;

	private static final double HEAP_TOLERANCE = 0.10;

	@Test
	void everyResetIsCountedOnceNoPostIsRepeatedAndNothingLeaks() throws Exception {
		SoftAssertions softly = new SoftAssertions();
		MarkdownReport report = new MarkdownReport("Load: " + 2 * CALLERS_PER_CLIENT + " callers, "
				+ Math.round(RESET_PROBABILITY * 100) + "% injected resets");
		try (UncaughtExceptions uncaught = UncaughtExceptions.install()) {
			// The same application, briefly, so that the baseline already holds what a first run creates
			// once per JVM and keeps: loaded classes and their caches, Reactor's shared schedulers.
			runLoad(WARM_UP, 10, new SoftAssertions(), new MarkdownReport("warm-up"));
			ProcessFootprint baseline = ProcessFootprint.measure();
			long start = System.nanoTime();
			runLoad(DURATION, CALLERS_PER_CLIENT, softly, report);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			ProcessFootprint after = ProcessFootprint.settle(baseline, THREAD_TOLERANCE, Duration.ofSeconds(15));
			int threadDelta = after.threads() - baseline.threads();
			long heapDelta = after.usedHeapBytes() - baseline.usedHeapBytes();
			double heapRatio = (double) heapDelta / baseline.usedHeapBytes();
			report.row("run, from application start to server closed", seconds(took))
				.row("live threads before / after (delta, tolerance)", baseline.threads() + " / " + after.threads()
						+ " (" + signed(threadDelta) + ", " + THREAD_TOLERANCE + ")")
				.row("heap used after GC before / after (delta)", mib(baseline.usedHeapBytes()) + " / "
						+ mib(after.usedHeapBytes()) + " (" + signed(heapDelta / 1024 / 1024) + " MiB, "
						+ String.format(Locale.ROOT, "%+.1f%%", 100 * heapRatio) + ")")
				.row("uncaught exceptions", uncaught.seen().size());
			softly.assertThat(threadDelta)
				.as("live threads after the run vs before (grown: %s)", after.threadsGrownSince(baseline))
				.isLessThanOrEqualTo(THREAD_TOLERANCE);
			softly.assertThat(Math.abs(heapRatio)).as("heap after GC vs baseline").isLessThanOrEqualTo(HEAP_TOLERANCE);
			softly.assertThat(uncaught.seen()).as("uncaught exceptions").isEmpty();
		}
		report.write("load");
		softly.assertAll();
	}

	/**
	 * One run, from starting the chaos server to closing it. Everything big (the journal, the ledger, the
	 * application) lives only in here, so it can be collected before the heap is measured.
	 */
	private void runLoad(Duration duration, int callersPerClient, SoftAssertions softly, MarkdownReport report)
			throws Exception {
		ChaosServer server = ChaosServer.start();
		ToxicPerAttempt toxics = new ToxicPerAttempt(RESET_PROBABILITY, SEED);
		CallJournal journal = new CallJournal();
		try {
			server.sometimes(RESET_PROBABILITY, SEED, Toxic.resetOnAccept());
			ConfigurableApplicationContext context = LoadApplication.run(
					"spring.http.clients.connect-timeout=" + CONNECT_TIMEOUT.toMillis() + "ms",
					"spring.http.clients.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");
			try (CapturedLogs logs = CapturedLogs.attach()) {
				try {
					// The toxics go under Reset Guard's request factory, so that every attempt draws anew; the
					// customizer is applied again, last, as a factory set after it replaces its decoration.
					ClientHttpRequestFactoryBuilder<?> wire = context.getBean(ClientHttpRequestFactoryBuilder.class);
					RestClient restClient = context.getBean(RestClient.Builder.class)
						.requestFactory(toxics.under(wire.build(context.getBean(HttpClientSettings.class))))
						.apply(context.getBean(ResetGuardRestClientCustomizer.class)::customize)
						.build();
					WebClient webClient = context.getBean(WebClient.Builder.class).filter(toxics).build();
					List<LoadClient> clients = List.of(LoadClient.of(restClient), LoadClient.of(webClient, CALL_TIMEOUT));
					String url = server.url("/bytes/" + RESPONSE_BYTES);
					Callers.run("load-caller", 2 * callersPerClient, duration, MAX_CALLS_PER_CALLER, CALL_TIMEOUT,
							(caller, call) -> {
								LoadClient client = clients.get(caller % 2);
								boolean post = call % 3 == 2;
								journal.call(client, post ? HttpMethod.POST : HttpMethod.GET, url,
										client.kind().tagValue() + "-" + caller + "-" + call, post ? POST_BODY : null,
										RESPONSE_BYTES);
							});
					check(context, server, journal, toxics, softly, report);
				}
				finally {
					context.close();
				}
				List<String> escaped = logs.linesContaining("threw", "ERROR", "onErrorDropped",
						"reached at the tail of the pipeline");
				report.row("WARN/ERROR lines logged (escaped exceptions among them)",
						logs.warnings() + " (" + escaped.size() + ")");
				softly.assertThat(escaped).as("log lines of exceptions escaping a listener or a pipeline").isEmpty();
			}
		}
		finally {
			server.close();
		}
	}

	private void check(ConfigurableApplicationContext context, ChaosServer server, CallJournal journal,
			ToxicPerAttempt toxics, SoftAssertions softly, MarkdownReport report) throws InterruptedException {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		CountingResetListener resetListener = context.getBean(CountingResetListener.class);
		CountingCallOutcomeListener outcomeListener = context.getBean(CountingCallOutcomeListener.class);
		ObservingPeerProbe probe = context.getBean(ObservingPeerProbe.class);
		ChaosLedger ledger = server.ledger();
		Map<ClientKind, Long> calls = new EnumMap<>(ClientKind.class);
		for (ClientKind client : List.of(ClientKind.REST_CLIENT, ClientKind.WEB_CLIENT)) {
			calls.put(client, journal.count(CallJournal.of(client)));
		}
		// A WebClient call reports its outcome as its body ends, which may be just after block() returned.
		awaitUpTo(Duration.ofSeconds(10), () -> calls.entrySet()
			.stream()
			.allMatch((entry) -> outcomeListener.total(entry.getKey()) >= entry.getValue())
				&& MeterTotals.total(registry, ResetGuardMeters.RESETS) + probe.resets() >= ledger.injectedCount());
		List<CallRecord> records = journal.records();
		long resets = MeterTotals.total(registry, ResetGuardMeters.RESETS);
		long injected = ledger.injectedCount();
		Map<String, Long> requestCounts = ledger.requestCountsById();

		report.row("duration per caller loop", seconds(DURATION))
			.row("concurrent callers", CALLERS_PER_CLIENT + " RestClient (Apache HttpClient 5) + " + CALLERS_PER_CLIENT
					+ " WebClient (Reactor Netty), together");
		for (ClientKind client : calls.keySet()) {
			List<CallRecord> mine = records.stream().filter(CallJournal.of(client)).toList();
			long gets = mine.stream().filter(CallJournal.of(HttpMethod.GET)).count();
			long failed = mine.stream().filter((record) -> !record.succeeded()).count();
			long failedByReset = mine.stream().filter(CallRecord::reset).count();
			long maxMillis = mine.stream().mapToLong(CallRecord::durationNanos).max().orElse(0) / 1_000_000;
			report.row(client.tagValue() + " calls (GET / POST)", mine.size() + " (" + gets + " / " + (mine.size() - gets) + ")")
				.row(client.tagValue() + " succeeded / failed (by a reset)",
						(mine.size() - failed) + " / " + failed + " (" + failedByReset + ")")
				.row(client.tagValue() + " outcomes reported", outcomes(outcomeListener, client))
				.row(client.tagValue() + " longest call", maxMillis + " ms");
			softly.assertThat(outcomeListener.total(client)).as("%s outcomes reported vs calls made", client)
				.isEqualTo(mine.size());
			softly.assertThat(MeterTotals.total(registry, ResetGuardMeters.CALLS, "client", client.tagValue()))
				.as("%s reset.guard.calls vs calls made", client)
				.isEqualTo(mine.size());
		}
		List<String> otherFailures = records.stream()
			.filter((record) -> !record.succeeded() && !record.reset())
			.limit(10)
			.map((record) -> record.client().tagValue() + " " + record.method() + " " + record.requestId() + ": "
					+ record.failure())
			.toList();
		softly.assertThat(otherFailures).as("calls that failed otherwise than by an injected reset").isEmpty();

		Map<String, Long> injectedByKind = new TreeMap<>();
		for (ToxicKind kind : ToxicKind.values()) {
			long count = ledger.count(kind);
			if (count > 0) {
				injectedByKind.put(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), count);
			}
		}
		report.row("attempts that asked for a reset (X-Chaos-Toxic)", toxics.drawn())
			.row("connections accepted by the server", ledger.connectionsAccepted())
			.row("injected resets by kind (ledger)", injected + " " + injectedByKind)
			.row("counted resets (`reset.guard.resets`)", resets + " " + byCause(registry))
			.row("reset events delivered to a user's listener", resetListener.total())
			.row("ride-through probe connections (reset / unanswered)",
					probe.connections() + " (" + probe.resets() + " / " + probe.unanswered() + ")")
			.row("retries (`reset.guard.retries`)", MeterTotals.total(registry, ResetGuardMeters.RETRIES));
		softly.assertThat(resets + probe.resets())
			.as("resets counted by Reset Guard (%d) plus those only a ride-through probe could see (%d) vs injected",
					resets, probe.resets())
			.isEqualTo(injected);
		softly.assertThat(probe.unanswered()).as("probe connections whose fate is unknown").isZero();
		softly.assertThat(resetListener.total()).as("reset events delivered to a listener vs counted").isEqualTo(resets);

		Set<String> postIds = records.stream()
			.filter(CallJournal.of(HttpMethod.POST))
			.map(CallRecord::requestId)
			.collect(Collectors.toSet());
		List<String> duplicatedPosts = ledger.duplicatedRequestIds().stream().filter(postIds::contains).toList();
		Map<String, Boolean> answered = new TreeMap<>();
		for (RequestRecord request : ledger.requests()) {
			if (request.requestId() != null && request.answered()) {
				answered.put(request.requestId(), Boolean.TRUE);
			}
		}
		List<String> postsNotAnsweredOnce = records.stream()
			.filter((record) -> record.method().equals(HttpMethod.POST) && record.succeeded())
			.map(CallRecord::requestId)
			.filter((id) -> requestCounts.getOrDefault(id, 0L) != 1 || !answered.containsKey(id))
			.limit(10)
			.toList();
		long mostAttemptsOfAGet = records.stream()
			.filter(CallJournal.of(HttpMethod.GET))
			.mapToLong((record) -> requestCounts.getOrDefault(record.requestId(), 0L))
			.max()
			.orElse(0);
		report.row("POST ids seen twice or more by the server", duplicatedPosts.size())
			.row("succeeded POSTs not answered exactly once", postsNotAnsweredOnce.size())
			.row("most requests the server saw for one GET", mostAttemptsOfAGet);
		softly.assertThat(duplicatedPosts).as("POSTs the server saw more than once").isEmpty();
		softly.assertThat(postsNotAnsweredOnce).as("succeeded POSTs not answered exactly once").isEmpty();
		softly.assertThat(mostAttemptsOfAGet).as("requests for one GET vs reset-guard.retry.max-attempts")
			.isLessThanOrEqualTo(3);
		report.note("Injected resets are counted from the chaos server's ledger. A reset on accept drawn by "
				+ "a connection of Reset Guard's restart probe (which it opens when steady resets on several "
				+ "connections look like a restart) reaches no HTTP client; the test's probe waits for the "
				+ "server's answer so that such resets are seen and counted apart.");
	}

	private static String outcomes(CountingCallOutcomeListener listener, ClientKind client) {
		List<String> parts = new ArrayList<>();
		for (CallOutcome outcome : CallOutcome.values()) {
			long count = listener.count(client, outcome);
			if (count > 0) {
				parts.add(outcome.tagValue() + " " + count);
			}
		}
		return String.join(", ", parts);
	}

	private static Map<String, Long> byCause(MeterRegistry registry) {
		Map<String, Long> causes = new TreeMap<>();
		for (Counter counter : registry.find(ResetGuardMeters.RESETS.getName()).counters()) {
			causes.merge(counter.getId().getTag("cause"), (long) counter.count(), Long::sum);
		}
		return causes;
	}

	private static void awaitUpTo(Duration patience, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static String mib(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
	}

	private static String signed(long value) {
		return String.format(Locale.ROOT, "%+d", value);
	}

	static {
		Arrays.fill(POST_BODY, (byte) 'p');
	}

}
