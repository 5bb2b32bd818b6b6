package dev.resetguard.forensics;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cause table of the design, row by row, on constructed facts: a cause only on evidence. The socket
 * tests and the confusion matrix of the reliability suite show the same causes arising from real resets.
 */
class CauseInferenceTests {

	private static final CauseSettings SETTINGS = new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 3,
			Duration.ofSeconds(1));

	private static final String PEER = "peer:443";

	private final CauseInference inference = new CauseInference(SETTINGS,
			(peer) -> "learned:80".equals(peer) ? Duration.ofMillis(300).toNanos() : CauseInference.UNKNOWN_IDLE_TIMEOUT);

	@Test
	void reusedConnectionClosedBeforeAnyRequestByteIsStaleHoweverShortItsIdle() {
		assertThat(infer(ResetPhase.SENDING_REQUEST, reused(Duration.ofMillis(2), 0, 0))).isEqualTo(ResetCause.STALE_CONNECTION);
	}

	@Test
	void reusedConnectionIdlePastTheStaleIdleIsStaleEvenAfterTheRequestWent() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, reused(Duration.ofMillis(1500), 80, 0)))
			.isEqualTo(ResetCause.STALE_CONNECTION);
	}

	@Test
	void reusedConnectionIdleForMillisecondsWithRequestSentIsRequestRejected() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, reused(Duration.ofMillis(3), 80, 0)))
			.isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(infer(ResetPhase.SENDING_REQUEST, reused(Duration.ofMillis(3), 16384, 0)))
			.isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void reusedConnectionIdlePastThePeersLearnedIdleTimeoutIsStale() {
		ConnectionFacts idle400ms = reused(Duration.ofMillis(400), 80, 0);
		assertThat(this.inference.infer("learned:80", ResetPhase.AWAITING_RESPONSE, idle400ms))
			.isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, idle400ms)).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void freshConnectionResetAfterRequestBytesIsRequestRejected() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, fresh(80, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(infer(ResetPhase.SENDING_REQUEST, fresh(65536, 0, 0))).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void resetAfterResponseBytesIsResponseAborted() {
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, fresh(80, 100, 0))).isEqualTo(ResetCause.RESPONSE_ABORTED);
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, reused(Duration.ofSeconds(5), 80, 100)))
			.isEqualTo(ResetCause.RESPONSE_ABORTED);
	}

	@Test
	void resetInConnectPhaseIsConnectRejected() {
		assertThat(infer(ResetPhase.CONNECT, fresh(0, 0, 0))).isEqualTo(ResetCause.CONNECT_REJECTED);
	}

	@Test
	void resetInHandshakeIsConnectRejectedUnlessThroughProxy() {
		assertThat(infer(ResetPhase.TLS_HANDSHAKE, fresh(0, 0, 0))).isEqualTo(ResetCause.CONNECT_REJECTED);
		ConnectionFacts viaProxy = new ConnectionFacts(1, "l:1", "r:2", false, Duration.ZERO, Duration.ZERO,
				Duration.ZERO, 0, 0, true);
		assertThat(infer(ResetPhase.TLS_HANDSHAKE, viaProxy)).isEqualTo(ResetCause.MIDDLEBOX);
	}

	@Test
	void resetAfterLongSilenceIsMiddlebox() {
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, fresh(80, 0, 30))).isEqualTo(ResetCause.MIDDLEBOX);
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, fresh(80, 0, 29))).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void withoutFactsOnlyThePhaseSpeaks() {
		assertThat(infer(ResetPhase.CONNECT, null)).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(infer(ResetPhase.RECEIVING_RESPONSE, null)).isEqualTo(ResetCause.RESPONSE_ABORTED);
		assertThat(infer(ResetPhase.AWAITING_RESPONSE, null)).isEqualTo(ResetCause.UNKNOWN);
		assertThat(infer(ResetPhase.UNKNOWN, null)).isEqualTo(ResetCause.UNKNOWN);
	}

	@Test
	void onlyPooledConnectionsResetBeforeAResponseMayBePartOfARestart() {
		ConnectionFacts pooled = reused(Duration.ofMillis(3), 80, 0);
		assertThat(this.inference.mayBePartOfRestart(pooled, ResetCause.REQUEST_REJECTED)).isTrue();
		assertThat(this.inference.mayBePartOfRestart(reused(Duration.ofMillis(3), 0, 0), ResetCause.STALE_CONNECTION))
			.isTrue();
		assertThat(this.inference.mayBePartOfRestart(fresh(80, 0, 0), ResetCause.REQUEST_REJECTED)).isFalse();
		assertThat(this.inference.mayBePartOfRestart(reused(Duration.ofMillis(3), 80, 10), ResetCause.RESPONSE_ABORTED))
			.isFalse();
		assertThat(this.inference.mayBePartOfRestart(null, ResetCause.UNKNOWN)).isFalse();
	}

	private ResetCause infer(ResetPhase phase, ConnectionFacts facts) {
		return this.inference.infer(PEER, phase, facts);
	}

	private static ConnectionFacts fresh(long sent, long received, long silenceSeconds) {
		return new ConnectionFacts(1, "127.0.0.1:5000", "127.0.0.1:443", false, Duration.ofMillis(5), Duration.ZERO,
				Duration.ofSeconds(silenceSeconds), sent, received, false);
	}

	private static ConnectionFacts reused(Duration idle, long sent, long received) {
		return new ConnectionFacts(1, "127.0.0.1:5000", "127.0.0.1:443", true, Duration.ofMinutes(1), idle,
				Duration.ofMillis(1), sent, received, false);
	}

}
