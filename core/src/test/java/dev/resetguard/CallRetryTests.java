package dev.resetguard;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.NonIdempotentRetry;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry decisions every client shares, driven with constructed resets: the clients' own tests
 * drive the same rules through real loopback resets.
 */
class CallRetryTests {

	private static final String PEER = "inventory:8080";

	private static final RequestTraits GET = RequestTraits.ofHttp("GET", null, true);

	private static final RequestTraits POST = RequestTraits.ofHttp("POST", null, true);

	private static final Exception FAILURE = new SocketException("Connection reset");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ResetGuardMetrics metrics = new ResetGuardMetrics(this.registry);

	private final List<CallOutcome> outcomes = new ArrayList<>();

	@Test
	void resetIsRetriedWhileAttemptsRemain() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
		retry.retrying();
		assertThat(retry.attempt()).isEqualTo(2);
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
		retry.retrying();
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.EXHAUSTED);
	}

	@Test
	void failureThatIsNotAResetEndsTheCallAsFailedBeforeAnyRetry() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		assertThat(retry.shouldRetry(null, new SocketTimeoutException("Read timed out"))).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.FAILED);
	}

	@Test
	void failureThatIsNotAResetAfterARetryEndsTheCallAsFailed() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE);
		retry.retrying();
		assertThat(retry.shouldRetry(null, new IllegalStateException("bug"))).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.FAILED);
	}

	@Test
	void startingACallRegistersEveryOutcomeOfItsPeerAtZero() {
		start(RetrySettings.ofDefaults(), GET);
		assertThat(this.registry.get("reset.guard.calls")
			.tags("client", "rest-client", "peer", PEER, "outcome", "exhausted")
			.counter()
			.count()).isZero();
	}

	@Test
	void successAfterARetryIsRecovered() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.shouldRetry(reset(ResetPhase.CONNECT, ResetCause.CONNECT_REJECTED), FAILURE);
		retry.retrying();
		retry.succeeded();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.RECOVERED);
	}

	@Test
	void postResetAfterItWasSentIsNotRetryableUnderSafeOnly() {
		CallRetry retry = start(RetrySettings.ofDefaults(), POST);
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.NOT_RETRYABLE);
	}

	@Test
	void postResetBeforeAByteWasAcceptedIsRetriedUnderSafeOnly() {
		CallRetry retry = start(RetrySettings.ofDefaults(), POST);
		ResetEvent stale = event(ResetPhase.SENDING_REQUEST, ResetCause.STALE_CONNECTION, facts(0));
		assertThat(retry.shouldRetry(stale, FAILURE)).isTrue();
	}

	@Test
	void postResetWithoutConnectionFactsIsNotRetryableUnderSafeOnly() {
		CallRetry retry = start(RetrySettings.ofDefaults(), POST);
		assertThat(retry.shouldRetry(reset(ResetPhase.UNKNOWN, ResetCause.UNKNOWN), FAILURE)).isFalse();
	}

	@Test
	void postWithIdempotencyKeyIsRetriedAfterItWasSent() {
		CallRetry retry = start(RetrySettings.ofDefaults(), RequestTraits.ofHttp("POST", "k-1", true));
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
	}

	@Test
	void postIsNeverRetriedUnderNever() {
		RetrySettings never = RetrySettings.builder().nonIdempotent(NonIdempotentRetry.NEVER).build();
		CallRetry retry = start(never, POST);
		assertThat(retry.shouldRetry(reset(ResetPhase.CONNECT, ResetCause.CONNECT_REJECTED), FAILURE)).isFalse();
	}

	@Test
	void streamedBodyIsNotRetriedOnceAByteWasSent() {
		CallRetry retry = start(RetrySettings.ofDefaults(), RequestTraits.ofHttp("PUT", null, false));
		ResetEvent midUpload = event(ResetPhase.SENDING_REQUEST, ResetCause.REQUEST_REJECTED, facts(4096));
		assertThat(retry.shouldRetry(midUpload, FAILURE)).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.NOT_RETRYABLE);
	}

	@Test
	void bodyUsedUpIsNotRetriedEvenWhenNothingWasSent() {
		CallRetry retry = start(RetrySettings.ofDefaults(), RequestTraits.ofHttp("PUT", null, true));
		retry.bodyUsedUp();
		assertThat(retry.shouldRetry(reset(ResetPhase.CONNECT, ResetCause.CONNECT_REJECTED), FAILURE)).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.NOT_RETRYABLE);
	}

	@Test
	void emptyBudgetEndsTheCallWithBudgetExhausted() {
		RetrySettings noBudget = RetrySettings.builder().budgetRatio(0).budgetMinPerSecond(0).build();
		CallRetry retry = start(noBudget, GET);
		assertThat(retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.BUDGET_EXHAUSTED);
	}

	@Test
	void usedUpAttemptsAreReportedBeforeAnEmptyBudget() {
		RetrySettings oneAttempt = RetrySettings.builder().maxAttempts(1).budgetRatio(0).budgetMinPerSecond(0).build();
		CallRetry retry = start(oneAttempt, GET);
		retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE);
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.EXHAUSTED);
	}

	@Test
	void eachAnsweredCallCreditsThePeersBudget() {
		RetrySettings ratioOnly = RetrySettings.builder().budgetRatio(0.5).budgetMinPerSecond(0).build();
		CallRetries retries = retries(ratioOnly);
		retries.start(ClientKind.REST_CLIENT, PEER, GET).finish();
		retries.start(ClientKind.REST_CLIENT, PEER, GET).finish();
		CallRetry third = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(third.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
		CallRetry fourth = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(fourth.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isFalse();
	}

	@Test
	void failedCallsEarnThePeerNoRetries() {
		RetrySettings ratioOnly = RetrySettings.builder().budgetRatio(0.5).budgetMinPerSecond(0).build();
		CallRetries retries = retries(ratioOnly);
		for (int i = 0; i < 4; i++) {
			CallRetry failing = retries.start(ClientKind.REST_CLIENT, PEER, GET);
			assertThat(failing.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE))
				.isFalse();
			failing.finish();
		}
		CallRetry timedOut = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		timedOut.shouldRetry(null, new SocketTimeoutException("Read timed out"));
		timedOut.finish();
		CallRetry next = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(next.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isFalse();
		assertThat(this.outcomes).containsExactly(CallOutcome.BUDGET_EXHAUSTED, CallOutcome.BUDGET_EXHAUSTED,
				CallOutcome.BUDGET_EXHAUSTED, CallOutcome.BUDGET_EXHAUSTED, CallOutcome.FAILED);
	}

	@Test
	void backoffIsJitteredAndGrowsWithEachRetry() {
		CallRetry retry = retries(RetrySettings.ofDefaults()).start(ClientKind.REST_CLIENT, PEER, GET);
		retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE);
		// Random draw 0.5 with jitter 0.5: three quarters of 100ms, then of 200ms.
		assertThat(retry.backoffNanos()).isEqualTo(Duration.ofMillis(75).toNanos());
		retry.retrying();
		assertThat(retry.backoffNanos()).isEqualTo(Duration.ofMillis(150).toNanos());
	}

	@Test
	void retryIsCountedWithTheCauseOfTheReset() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.shouldRetry(reset(ResetPhase.SENDING_REQUEST, ResetCause.STALE_CONNECTION), FAILURE);
		retry.retrying();
		assertThat(this.registry.get("reset.guard.retries")
			.tags("client", "rest-client", "peer", PEER, "cause", "stale-connection")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void outcomeIsReportedOnceWhereverTheCallEnds() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.failedAfterResponse(reset(ResetPhase.RECEIVING_RESPONSE, ResetCause.RESPONSE_ABORTED));
		retry.finish();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.NOT_RETRYABLE);
	}

	@Test
	void interruptedWaitEndsTheCallExhausted() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE);
		retry.interrupted();
		assertThat(this.outcomes).containsExactly(CallOutcome.EXHAUSTED);
	}

	@Test
	void refusedConnectWhileThePeerRestartsIsRetriedEvenForPost() throws Exception {
		try (RestartRideThrough rideThrough = peerThatStaysDown()) {
			CallRetries retries = retries(RetrySettings.ofDefaults(), rideThrough);
			rideThrough.restarting(PEER);
			CallRetry retry = retries.start(ClientKind.REST_CLIENT, PEER, POST);
			assertThat(retry.shouldRetry(null, new ConnectException("Connection refused"))).isTrue();
			retry.retrying();
			assertThat(this.registry.get("reset.guard.retries").tag("cause", "peer-restart").counter().count())
				.isEqualTo(1);
		}
	}

	@Test
	void refusedConnectSoonAfterThePeerResetAConnectionIsRetriedBehindTheRestartGate() throws Exception {
		try (RestartRideThrough rideThrough = peerThatStaysDown()) {
			CallRetries retries = retries(RetrySettings.ofDefaults(), rideThrough);
			rideThrough.onReset(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED));
			CallRetry retry = retries.start(ClientKind.REST_CLIENT, PEER, GET);
			assertThat(retry.shouldRetry(null, new ConnectException("Connection refused"))).isTrue();
			assertThat(rideThrough.isRestarting(PEER)).isTrue();
		}
	}

	@Test
	void refusedConnectWhileThePeerIsUpEndsTheCallAsFailed() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		assertThat(retry.shouldRetry(null, new ConnectException("Connection refused"))).isFalse();
		retry.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.FAILED);
	}

	@Test
	void failureWhileReadingTheBodyThatIsNotAResetEndsTheCallAsFailed() {
		CallRetry retry = start(RetrySettings.ofDefaults(), GET);
		retry.succeeded();
		retry.failedAfterResponse(null);
		assertThat(this.outcomes).containsExactly(CallOutcome.FAILED);
	}

	@Test
	void peersAreNamedByPeerKeyAndAKnownAuthorityBuildsNoKey() {
		RetrySettings settings = RetrySettings.ofDefaults();
		CallRetries retries = new CallRetries((peer) -> settings,
				new RetryBudgets((peer) -> settings, 2, System::nanoTime), this.metrics, this::record);
		String first = retries.peerOf(URI.create("http://Example.COM/a"));
		assertThat(first).isEqualTo("example.com:80");
		assertThat(retries.peerOf(URI.create("http://Example.COM/b?q=1"))).isSameAs(first);
		assertThat(retries.peerOf(URI.create("https://other:8443/"))).isEqualTo("other:8443");
	}

	private CallRetry start(RetrySettings settings, RequestTraits traits) {
		return retries(settings).start(ClientKind.REST_CLIENT, PEER, traits);
	}

	private CallRetries retries(RetrySettings settings) {
		return retries(settings, null);
	}

	private CallRetries retries(RetrySettings settings, RestartRideThrough rideThrough) {
		return new CallRetries((peer) -> settings, new RetryBudgets(settings), this.metrics, this::record,
				rideThrough, () -> 0.5);
	}

	/** A ride-through whose probe is always refused, so a restarting peer stays restarting. */
	private static RestartRideThrough peerThatStaysDown() {
		return new RestartRideThrough(Duration.ofSeconds(1), (peer) -> RetrySettings.ofDefaults(), (peer) -> {
			throw new ConnectException("Connection refused");
		});
	}

	@Test
	void aPeerThatResetsTheRetriesOfItsResetsKeepsOnlyTheReserve() {
		RetrySettings ratioOnly = RetrySettings.builder().budgetRatio(1.0).budgetMinPerSecond(0).build();
		CallRetries retries = retries(ratioOnly);
		for (int i = 0; i < 50; i++) {
			retries.start(ClientKind.REST_CLIENT, PEER, GET).finish();
		}
		CallRetry first = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(first.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
		first.retrying();
		assertThat(first.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE)).isTrue();
		first.retrying();
		first.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE);
		first.finish();
		CallRetry second = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(second.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE))
			.as("three requests sent after the first reset were reset too: the 48 saved retries are kept")
			.isFalse();
		second.finish();
		retries.start(ClientKind.REST_CLIENT, PEER, GET).finish();
		CallRetry afterAnAnswer = retries.start(ClientKind.REST_CLIENT, PEER, GET);
		assertThat(afterAnAnswer.shouldRetry(reset(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED), FAILURE))
			.isTrue();
		assertThat(this.outcomes).startsWith(CallOutcome.SUCCESS)
			.containsSubsequence(CallOutcome.EXHAUSTED, CallOutcome.BUDGET_EXHAUSTED, CallOutcome.SUCCESS);
	}

	@Test
	void staleConnectionsSpeakAgainstThePoolNotThePeer() {
		RetrySettings ratioOnly = RetrySettings.builder().budgetRatio(1.0).budgetMinPerSecond(0).build();
		CallRetries retries = retries(ratioOnly);
		for (int i = 0; i < 20; i++) {
			retries.start(ClientKind.REST_CLIENT, PEER, GET).finish();
		}
		for (int i = 0; i < 20; i++) {
			CallRetry stale = retries.start(ClientKind.REST_CLIENT, PEER, GET);
			assertThat(stale.shouldRetry(reset(ResetPhase.SENDING_REQUEST, ResetCause.STALE_CONNECTION), FAILURE))
				.as("stale reset %d", i)
				.isTrue();
		}
	}

	private void record(ClientKind client, String peer, CallOutcome outcome) {
		this.outcomes.add(outcome);
	}

	private static ResetEvent reset(ResetPhase phase, ResetCause cause) {
		return event(phase, cause, null);
	}

	private static ResetEvent event(ResetPhase phase, ResetCause cause, ConnectionFacts facts) {
		return new ResetEvent(Instant.EPOCH, ClientKind.REST_CLIENT, PEER, phase, cause, ResetSignal.RST,
				"SocketException", "Connection reset", facts, 1);
	}

	private static ConnectionFacts facts(long bytesSent) {
		return new ConnectionFacts(1, "127.0.0.1:50000", "127.0.0.1:8080", true, Duration.ofSeconds(5),
				Duration.ofSeconds(3), Duration.ZERO, bytesSent, 0, false);
	}

}
