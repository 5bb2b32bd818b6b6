package dev.resetguard.retry;

import java.time.Duration;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetPhase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestExposureTests {

	@Test
	void resetDuringConnectOrHandshakeNeverCarriedARequest() {
		assertThat(RequestExposure.of(ResetPhase.CONNECT, null)).isEqualTo(RequestExposure.NOT_SENT);
		assertThat(RequestExposure.of(ResetPhase.TLS_HANDSHAKE, null)).isEqualTo(RequestExposure.NOT_SENT);
		assertThat(RequestExposure.of(ResetPhase.TLS_HANDSHAKE, facts(true, 517))).isEqualTo(RequestExposure.NOT_SENT);
	}

	@Test
	void pooledConnectionResetBeforeAnyRequestByteWasAcceptedIsNotSent() {
		assertThat(RequestExposure.of(ResetPhase.SENDING_REQUEST, facts(true, 0))).isEqualTo(RequestExposure.NOT_SENT);
		assertThat(RequestExposure.of(ResetPhase.UNKNOWN, facts(true, 0))).isEqualTo(RequestExposure.NOT_SENT);
	}

	@Test
	void acceptedRequestBytesMeanSent() {
		assertThat(RequestExposure.of(ResetPhase.SENDING_REQUEST, facts(true, 1))).isEqualTo(RequestExposure.SENT);
		assertThat(RequestExposure.of(ResetPhase.UNKNOWN, facts(false, 200))).isEqualTo(RequestExposure.SENT);
	}

	@Test
	void phasesPastSendingProveExposureEvenWithoutFacts() {
		assertThat(RequestExposure.of(ResetPhase.AWAITING_RESPONSE, null)).isEqualTo(RequestExposure.SENT);
		assertThat(RequestExposure.of(ResetPhase.RECEIVING_RESPONSE, facts(true, 0))).isEqualTo(RequestExposure.SENT);
	}

	@Test
	void hiddenFactsAreUnknownAndAssumedToHaveReachedThePeer() {
		assertThat(RequestExposure.of(ResetPhase.UNKNOWN, null)).isEqualTo(RequestExposure.UNKNOWN);
		assertThat(RequestExposure.of(ResetPhase.SENDING_REQUEST, null)).isEqualTo(RequestExposure.UNKNOWN);
		assertThat(RequestExposure.UNKNOWN.mayHaveReachedPeer()).isTrue();
		assertThat(RequestExposure.SENT.mayHaveReachedPeer()).isTrue();
		assertThat(RequestExposure.NOT_SENT.mayHaveReachedPeer()).isFalse();
	}

	private static ConnectionFacts facts(boolean reused, long bytesSent) {
		return new ConnectionFacts(1, "127.0.0.1:50000", "127.0.0.1:8080", reused, Duration.ofSeconds(30),
				Duration.ofSeconds(10), Duration.ofSeconds(10), bytesSent, 0, false);
	}

}
