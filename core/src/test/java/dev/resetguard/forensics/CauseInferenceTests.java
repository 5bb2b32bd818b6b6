package dev.resetguard.forensics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cause table of the design, row by row, on constructed facts. The socket tests show the same
 * causes arising from real resets.
 */
class CauseInferenceTests {

	private static final CauseSettings SETTINGS = new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 3);

	private final AtomicLong clock = new AtomicLong();

	private final CauseInference inference = new CauseInference(SETTINGS,
			new PeerRestartDetector(SETTINGS, this.clock::get));

	private long nextConnection = 1;

	@Test
	void reusedConnectionResetBeforeResponseIsStale() {
		assertThat(infer(ResetPhase.SENDING_REQUEST, facts(true, 0, 0, 0))).isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(true, 80, 0, 0))).isEqualTo(ResetCause.STALE_CONNECTION);
	}

	@Test
	void freshConnectionResetAfterRequestBytesIsRequestRejected() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(infer(ResetPhase.SENDING_REQUEST, facts(false, 65536, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void resetAfterResponseBytesIsResponseAborted() {
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, facts(false, 80, 100, 0))).isEqualTo(ResetCause.RESPONSE_ABORTED);
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, facts(true, 80, 100, 0))).isEqualTo(ResetCause.RESPONSE_ABORTED);
	}

	@Test
	void resetInConnectPhaseIsConnectRejected() {
		assertThat(infer(ResetPhase.CONNECT, facts(false, 0, 0, 0))).isEqualTo(ResetCause.CONNECT_REJECTED);
	}

	@Test
	void resetInHandshakeIsConnectRejectedUnlessThroughProxy() {
		assertThat(infer(ResetPhase.TLS_HANDSHAKE, facts(false, 0, 0, 0))).isEqualTo(ResetCause.CONNECT_REJECTED);
		ConnectionFacts viaProxy = new ConnectionFacts(this.nextConnection++, "l:1", "r:2", false, Duration.ZERO,
				Duration.ZERO, Duration.ZERO, 0, 0, true);
		assertThat(infer(ResetPhase.TLS_HANDSHAKE, viaProxy)).isEqualTo(ResetCause.MIDDLEBOX);
	}

	@Test
	void resetAfterLongSilenceIsMiddlebox() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 30))).isEqualTo(ResetCause.MIDDLEBOX);
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, facts(true, 80, 10, 45))).isEqualTo(ResetCause.MIDDLEBOX);
		this.clock.addAndGet(Duration.ofSeconds(3).toNanos());
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 29))).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void resetsOnThreeConnectionsWithinWindowAreRestart() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
		this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
		this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(infer(ResetPhase.SENDING_REQUEST, facts(true, 0, 0, 0))).isEqualTo(ResetCause.PEER_RESTART);
	}

	@Test
	void resetsSpreadBeyondWindowAreNotRestart() {
		for (int i = 0; i < 5; i++) {
			assertThat(infer(ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
			this.clock.addAndGet(Duration.ofMillis(1100).toNanos());
		}
	}

	@Test
	void restartIsPerPeer() {
		this.inference.infer("a:1", ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0));
		this.inference.infer("b:1", ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0));
		assertThat(this.inference.infer("c:1", ResetPhase.AWAITING_RESPONSE, facts(false, 80, 0, 0)))
			.isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void withoutFactsOnlyConnectPhaseHasACause() {
		assertThat(infer(ResetPhase.CONNECT, null)).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, null)).isEqualTo(ResetCause.UNKNOWN);
		assertThat(infer(ResetPhase.UNKNOWN, null)).isEqualTo(ResetCause.UNKNOWN);
	}

	private ResetCause infer(ResetPhase phase, ConnectionFacts facts) {
		return this.inference.infer("peer:443", phase, facts);
	}

	private ConnectionFacts facts(boolean reused, long sent, long received, long silenceSeconds) {
		return new ConnectionFacts(this.nextConnection++, "127.0.0.1:5000", "127.0.0.1:443", reused,
				Duration.ofMinutes(1), reused ? Duration.ofSeconds(65) : Duration.ZERO, Duration.ofSeconds(silenceSeconds),
				sent, received, false);
	}

}
