package dev.resetguard.reliability.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.test.ChaosLedger;
import dev.resetguard.test.ChaosServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An upstream that crashes and restarts (every open connection reset, then its port refusing connections
 * for a second) under 50 concurrent callers, 25 through a Boot-configured RestClient and 25 through a
 * Boot-configured WebClient, GETs and POSTs mixed. Every call either succeeds (a GET after riding through
 * the restart) or fails with the reset it met (a POST that was sent cannot be repeated); none fails with a
 * refused connect or a timeout, none takes longer than its timeouts and the ride-through's wait allow, and
 * the restart is reported as {@code peer-restart}.
 */
@Tag("long")
class RestartUnderLoadTests {

	private static final int CALLERS_PER_CLIENT = 25;

	private static final Duration RUN = Duration.ofSeconds(7);

	private static final Duration RESTART_AFTER = Duration.ofMillis(2500);

	private static final Duration DOWNTIME = Duration.ofSeconds(1);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration MAX_WAIT = Duration.ofSeconds(3);

	private static final int MAX_ATTEMPTS = 3;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	/** Room for a loaded 2-core machine: scheduling, GC pauses, the chaos server's own threads. */
	private static final Duration SLACK = Duration.ofSeconds(5);

	/**
	 * Longest a call may take: one attempt can end in a timeout (a timeout is no reset and ends the call),
	 * the others end in resets or refusals at once; add the ride-through's wait and every backoff.
	 */
	private static final Duration CALL_BOUND = CONNECT_TIMEOUT.plus(READ_TIMEOUT)
		.plus(MAX_WAIT)
		.plus(MAX_BACKOFF.multipliedBy(MAX_ATTEMPTS - 1))
		.plus(SLACK);

	private static final String PATH = "/delay/50";

	private static final int OK_LENGTH = "ok".length();

	private static final byte[] POST_BODY = new byte[1024];

	@Test
	void everyCallInFlightRecoversOrFailsWithItsResetAndNothingHangs() throws Exception {
		SoftAssertions softly = new SoftAssertions();
		MarkdownReport report = new MarkdownReport("Upstream restart under load: " + 2 * CALLERS_PER_CLIENT
				+ " callers, " + DOWNTIME.toMillis() + " ms down");
		CallJournal journal = new CallJournal();
		AtomicLong restartAt = new AtomicLong();
		try (ChaosServer server = ChaosServer.start();
				ConfigurableApplicationContext context = LoadApplication.run(
						"spring.http.clients.connect-timeout=" + CONNECT_TIMEOUT.toMillis() + "ms",
						"spring.http.clients.read-timeout=" + READ_TIMEOUT.toMillis() + "ms",
						"reset-guard.restart.max-wait=" + MAX_WAIT.toMillis() + "ms",
						"reset-guard.retry.max-attempts=" + MAX_ATTEMPTS,
						"reset-guard.retry.max-backoff=" + MAX_BACKOFF.toMillis() + "ms")) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			List<LoadClient> clients = List.of(LoadClient.of(restClient), LoadClient.of(webClient, CALL_BOUND));
			String url = server.url(PATH);
			CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
				try {
					Thread.sleep(RESTART_AFTER.toMillis());
					restartAt.set(System.nanoTime());
					server.restart(DOWNTIME).get(DOWNTIME.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException("The chaos server did not restart", ex);
				}
			});
			Callers.run("restart-caller", 2 * CALLERS_PER_CLIENT, RUN, 100_000, CALL_BOUND, (caller, call) -> {
				LoadClient client = clients.get(caller % 2);
				boolean post = call % 3 == 2;
				journal.call(client, post ? HttpMethod.POST : HttpMethod.GET, url,
						client.kind().tagValue() + "-" + caller + "-" + call, post ? POST_BODY : null, OK_LENGTH);
			});
			restarted.get(SLACK.toMillis(), TimeUnit.MILLISECONDS);
			check(context, server.ledger(), journal, restartAt.get(), softly, report);
		}
		report.write("restart-under-load");
		softly.assertAll();
	}

	private void check(ConfigurableApplicationContext context, ChaosLedger ledger, CallJournal journal,
			long restartAt, SoftAssertions softly, MarkdownReport report) throws InterruptedException {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		CountingCallOutcomeListener outcomes = context.getBean(CountingCallOutcomeListener.class);
		Thread.sleep(500);
		List<CallRecord> records = journal.records();
		List<CallRecord> inFlight = records.stream()
			.filter((record) -> record.startNanos() < restartAt && record.endNanos() > restartAt)
			.toList();
		long failed = records.stream().filter((record) -> !record.succeeded()).count();
		long failedByReset = records.stream().filter(CallRecord::reset).count();
		long maxMillis = records.stream().mapToLong(CallRecord::durationNanos).max().orElse(0) / 1_000_000;
		long peerRestarts = MeterTotals.total(registry, ResetGuardMeters.RESETS, "cause",
				ResetCause.PEER_RESTART.tagValue());
		long recovered = outcomes.count(ClientKind.REST_CLIENT, CallOutcome.RECOVERED)
				+ outcomes.count(ClientKind.WEB_CLIENT, CallOutcome.RECOVERED);
		report.row("callers", CALLERS_PER_CLIENT + " RestClient (Apache HttpClient 5) + " + CALLERS_PER_CLIENT
				+ " WebClient (Reactor Netty), GET and POST (1 in 3), " + PATH)
			.row("calls (GET / POST)", records.size() + " (" + journal.count(CallJournal.of(HttpMethod.GET)) + " / "
					+ journal.count(CallJournal.of(HttpMethod.POST)) + ")")
			.row("calls in flight at the restart: succeeded / failed (by a reset)",
					inFlight.stream().filter(CallRecord::succeeded).count() + " / "
							+ inFlight.stream().filter((record) -> !record.succeeded()).count() + " ("
							+ inFlight.stream().filter(CallRecord::reset).count() + ")")
			.row("all calls: succeeded / failed (by a reset)",
					(records.size() - failed) + " / " + failed + " (" + failedByReset + ")")
			.row("calls recovered (outcome `recovered`: retried or waited for the peer)", recovered)
			.row("outcomes reported", outcomes.counts())
			.row("longest call / bound", maxMillis + " ms / " + CALL_BOUND.toMillis() + " ms")
			.row("resets counted (`peer-restart`)", MeterTotals.total(registry, ResetGuardMeters.RESETS) + " ("
					+ peerRestarts + ")")
			.row("injected resets (ledger)", ledger.injectedCount());
		List<String> otherFailures = records.stream()
			.filter((record) -> !record.succeeded() && !record.reset())
			.limit(10)
			.map((record) -> String.format(Locale.ROOT, "%s %s %s after %d ms: %s", record.client().tagValue(),
					record.method(), record.requestId(), record.durationNanos() / 1_000_000, record.failure()))
			.toList();
		softly.assertThat(inFlight).as("calls in flight at the restart").isNotEmpty();
		softly.assertThat(otherFailures).as("calls that failed otherwise than with the reset they met").isEmpty();
		softly.assertThat(maxMillis).as("longest call (ms)").isLessThanOrEqualTo(CALL_BOUND.toMillis());
		softly.assertThat(peerRestarts).as("resets reported with cause peer-restart").isPositive();
		Set<String> postIds = records.stream()
			.filter(CallJournal.of(HttpMethod.POST))
			.map(CallRecord::requestId)
			.collect(Collectors.toSet());
		Map<String, Long> requestCounts = ledger.requestCountsById();
		softly.assertThat(ledger.duplicatedRequestIds().stream().filter(postIds::contains).toList())
			.as("POSTs the server saw more than once")
			.isEmpty();
		softly.assertThat(records.stream()
			.filter((record) -> record.method().equals(HttpMethod.POST) && record.succeeded())
			.filter((record) -> requestCounts.getOrDefault(record.requestId(), 0L) != 1)
			.map(CallRecord::requestId)
			.limit(10)
			.toList()).as("succeeded POSTs the server did not see exactly once").isEmpty();
		for (ClientKind client : List.of(ClientKind.REST_CLIENT, ClientKind.WEB_CLIENT)) {
			softly.assertThat(outcomes.total(client)).as("%s outcomes vs calls", client)
				.isEqualTo(journal.count(CallJournal.of(client)));
		}
	}

}
