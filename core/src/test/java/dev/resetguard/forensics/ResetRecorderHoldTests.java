package dev.resetguard.forensics;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
				new SocketException("Connection reset"), 1);
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

	private ResetEvent resetPooledConnectionAwaitingResponse() {
		ConnectionTrace pooled = new ConnectionTrace(PEER, this.recorder.responseListener());
		pooled.connectStarted();
		pooled.connected("127.0.0.1:5002", PEER);
		pooled.beforeWrite();
		pooled.wrote(80);
		pooled.read(100);
		pooled.beforeWrite();
		pooled.wrote(80);
		return this.recorder.connectionFailed(ClientKind.SOCKET, pooled, IoOperation.READ,
				new SocketException("Connection reset"), 1);
	}

}
