package dev.resetguard.forensics;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.resetguard.classify.ResetClassifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a held reset and what was decided about it reach the listeners, on connection traces driven by
 * hand: the order of publication cannot be seen from a socket. {@code PooledResetCorroborationTests}
 * shows the same on real loopback resets.
 */
class ResetRecorderHoldTests {

	private static final String PEER = "127.0.0.1:8080";

	private final List<ResetEvent> published = new CopyOnWriteArrayList<>();

	private final ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
			new CauseInference(new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 3)),
			this.published::add, Clock.systemUTC());

	@Test
	void decisionAboutAHeldResetWaitsForItsPublicationAndGetsThePublishedInstance() {
		ResetEvent recorded = resetPooledConnectionAwaitingResponse();
		assertThat(recorded.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		List<ResetEvent> decided = new CopyOnWriteArrayList<>();
		this.recorder.afterPublished(recorded, decided::add);
		assertThat(this.published).isEmpty();
		assertThat(decided).isEmpty();

		ConnectionTrace refused = new ConnectionTrace(PEER, this.recorder.responseListener());
		refused.connectStarted();
		refused.connectFailed(new ConnectException("Connection refused"));

		assertThat(this.published).singleElement().extracting(ResetEvent::cause).isEqualTo(ResetCause.PEER_RESTART);
		assertThat(decided).singleElement().isSameAs(this.published.get(0));
	}

	@Test
	void decisionAboutAResetPublishedAtOnceRunsAtOnceWithTheSameInstance() {
		ConnectionTrace fresh = new ConnectionTrace(PEER, this.recorder.responseListener());
		fresh.connectStarted();
		fresh.connected("127.0.0.1:5000", PEER);
		fresh.beforeWrite();
		fresh.wrote(80);
		ResetEvent recorded = this.recorder.connectionFailed(ClientKind.SOCKET, fresh, IoOperation.READ,
				new SocketException("Connection reset"), 1, false);
		List<ResetEvent> decided = new CopyOnWriteArrayList<>();
		this.recorder.afterPublished(recorded, decided::add);
		assertThat(this.published).containsExactly(recorded);
		assertThat(decided).containsExactly(recorded);
	}

	@Test
	void anAnswerToALaterRequestPublishesTheHeldResetWithItsOwnCause() throws InterruptedException {
		ResetEvent recorded = resetPooledConnectionAwaitingResponse();
		Thread.sleep(1);
		ConnectionTrace answered = new ConnectionTrace(PEER, this.recorder.responseListener());
		answered.connectStarted();
		answered.connected("127.0.0.1:5001", PEER);
		answered.beforeWrite();
		answered.wrote(80);
		answered.read(100);
		assertThat(this.published).containsExactly(recorded);
	}

	@Test
	void resetWhoseDecisionIsDueIsPublishedOnceWithItsDecision() {
		ResetEvent recorded = resetFreshConnection(this.recorder, true);
		assertThat(this.published).isEmpty();
		this.recorder.decided(recorded, RetryDecision.RETRY, 5_000_000);
		this.recorder.decided(recorded, RetryDecision.EXHAUSTED, 0);
		assertThat(this.published).singleElement().satisfies((event) -> {
			assertThat(event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
			assertThat(event.decision()).isEqualTo(RetryDecision.RETRY);
			assertThat(event.backoffNanos()).isEqualTo(5_000_000);
		});
	}

	@Test
	void heldResetIsPublishedOnceWithTheCauseTheEvidenceSettledAndItsDecision() {
		ResetEvent recorded = resetPooledConnectionAwaitingResponse(true);
		this.recorder.decided(recorded, RetryDecision.EXHAUSTED, 0);
		assertThat(this.published).isEmpty();
		ConnectionTrace refused = new ConnectionTrace(PEER, this.recorder.responseListener());
		refused.connectStarted();
		refused.connectFailed(new ConnectException("Connection refused"));
		assertThat(this.published).singleElement().satisfies((event) -> {
			assertThat(event.cause()).isEqualTo(ResetCause.PEER_RESTART);
			assertThat(event.decision()).isEqualTo(RetryDecision.EXHAUSTED);
		});
	}

	@Test
	void decisionThatNeverComesLeavesTheResetToBePublishedWithoutOneWhenTheWindowEnds() throws Exception {
		BlockingQueue<ResetEvent> queue = new LinkedBlockingQueue<>();
		ResetRecorder shortWindow = new ResetRecorder(new ResetClassifier(),
				new CauseInference(new CauseSettings(Duration.ofSeconds(30), Duration.ofMillis(50), 3)), queue::add,
				Clock.systemUTC());
		ResetEvent recorded = resetFreshConnection(shortWindow, true);
		ResetEvent published = queue.poll(10, TimeUnit.SECONDS);
		assertThat(published).isNotNull();
		assertThat(published.time()).isEqualTo(recorded.time());
		assertThat(published.decision()).isNull();
		shortWindow.decided(recorded, RetryDecision.RETRY, 0);
		assertThat(queue).isEmpty();
	}

	@Test
	void resetsHeldForAPeerTheRecorderForgetsArePublishedAsTheyStand() {
		ResetRecorder onePeer = new ResetRecorder(new ResetClassifier(),
				new CauseInference(new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 3)),
				this.published::add, 1);
		ResetEvent recorded = resetFreshConnection(onePeer, PEER, true);
		assertThat(this.published).isEmpty();
		for (int i = 0; i < 100; i++) {
			resetFreshConnection(onePeer, "10.0.0." + i + ":8080", true);
		}
		assertThat(this.published).filteredOn((event) -> event.peer().equals(PEER)).singleElement().satisfies((event) -> {
			assertThat(event.time()).isEqualTo(recorded.time());
			assertThat(event.decision()).isNull();
		});
		assertThat(this.published).hasSizeGreaterThanOrEqualTo(100);
		onePeer.decided(recorded, RetryDecision.RETRY, 0);
		assertThat(this.published).filteredOn((event) -> event.peer().equals(PEER)).hasSize(1);
	}

	private static ResetEvent resetFreshConnection(ResetRecorder recorder, boolean decisionDue) {
		return resetFreshConnection(recorder, PEER, decisionDue);
	}

	private static ResetEvent resetFreshConnection(ResetRecorder recorder, String peer, boolean decisionDue) {
		ConnectionTrace fresh = new ConnectionTrace(peer, recorder.responseListener());
		fresh.connectStarted();
		fresh.connected("127.0.0.1:5003", peer);
		fresh.beforeWrite();
		fresh.wrote(80);
		return recorder.connectionFailed(ClientKind.REST_CLIENT, fresh, IoOperation.READ,
				new SocketException("Connection reset"), 1, decisionDue);
	}

	private ResetEvent resetPooledConnectionAwaitingResponse() {
		return resetPooledConnectionAwaitingResponse(false);
	}

	private ResetEvent resetPooledConnectionAwaitingResponse(boolean decisionDue) {
		ConnectionTrace pooled = new ConnectionTrace(PEER, this.recorder.responseListener());
		pooled.connectStarted();
		pooled.connected("127.0.0.1:5002", PEER);
		pooled.beforeWrite();
		pooled.wrote(80);
		pooled.read(100);
		pooled.beforeWrite();
		pooled.wrote(80);
		return this.recorder.connectionFailed(ClientKind.SOCKET, pooled, IoOperation.READ,
				new SocketException("Connection reset"), 1, decisionDue);
	}

}
