package dev.resetguard.forensics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What shows a restart and what does not, on a controlled clock.
 */
class RestartEvidenceTests {

	private static final String PEER = "p:1";

	private final AtomicLong clock = new AtomicLong(1_000);

	private final RestartEvidence evidence = new RestartEvidence(
			new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 3), this.clock::get);

	@Test
	void threePooledConnectionsResetTogetherShowARestartOnceAnotherResetConfirmsIt() {
		assertThat(this.evidence.pooledConnectionReset(PEER, 1, false)).isFalse();
		assertThat(this.evidence.pooledConnectionReset(PEER, 2, false)).isFalse();
		assertThat(this.evidence.pooledConnectionReset(PEER, 3, false)).isFalse();
		assertThat(this.evidence.pooledConnectionReset(PEER, 4, false)).isTrue();
	}

	@Test
	void pooledConnectionsClosedTogetherAreConfirmedByAnAnswerToARequestSentAfterTheFirstOfThem() {
		this.evidence.pooledConnectionReset(PEER, 1, false);
		advance(Duration.ofMillis(1));
		long sentAfterTheFirst = this.clock.get();
		this.evidence.pooledConnectionReset(PEER, 2, false);
		this.evidence.pooledConnectionReset(PEER, 3, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.answered(PEER, sentAfterTheFirst)).isTrue();
	}

	@Test
	void pooledConnectionsClosedTogetherAreConfirmedByARefusedConnect() {
		this.evidence.pooledConnectionReset(PEER, 1, false);
		this.evidence.pooledConnectionReset(PEER, 2, false);
		this.evidence.pooledConnectionReset(PEER, 3, false);
		assertThat(this.evidence.nothingListening(PEER)).isTrue();
	}

	@Test
	void anAnswerToARequestInFlightWhenTheFirstResetCameDeniesThem() {
		long inFlight = this.clock.get();
		advance(Duration.ofMillis(1));
		this.evidence.pooledConnectionReset(PEER, 1, false);
		this.evidence.pooledConnectionReset(PEER, 2, false);
		this.evidence.pooledConnectionReset(PEER, 3, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.answered(PEER, inFlight)).isFalse();
		assertThat(this.evidence.pooledConnectionReset(PEER, 4, false)).isFalse();
	}

	@Test
	void anAnswerToARequestInFlightArrivingBetweenTheResetsDeniesThem() {
		long inFlight = this.clock.get();
		advance(Duration.ofMillis(1));
		this.evidence.pooledConnectionReset(PEER, 1, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.answered(PEER, inFlight)).isFalse();
		this.evidence.pooledConnectionReset(PEER, 2, false);
		this.evidence.pooledConnectionReset(PEER, 3, false);
		assertThat(this.evidence.pooledConnectionReset(PEER, 4, false)).isFalse();
	}

	@Test
	void pooledConnectionsClosedTogetherAndNotConfirmedWithinTheWindowShowNothing() {
		this.evidence.pooledConnectionReset(PEER, 1, false);
		this.evidence.pooledConnectionReset(PEER, 2, false);
		this.evidence.pooledConnectionReset(PEER, 3, false);
		advance(Duration.ofSeconds(3));
		assertThat(this.evidence.pooledConnectionReset(PEER, 4, false)).isFalse();
	}

	@Test
	void sameConnectionResetTwiceCountsOnce() {
		this.evidence.pooledConnectionReset(PEER, 7, false);
		this.evidence.pooledConnectionReset(PEER, 7, false);
		assertThat(this.evidence.pooledConnectionReset(PEER, 8, false)).isFalse();
	}

	@Test
	void pooledConnectionsAnIdleTimeoutExplainsAreNotClosedTogether() {
		this.evidence.pooledConnectionReset(PEER, 1, true);
		this.evidence.pooledConnectionReset(PEER, 2, true);
		assertThat(this.evidence.pooledConnectionReset(PEER, 3, true)).isFalse();
	}

	@Test
	void aPooledResetThenARefusedConnectShowARestart() {
		assertThat(this.evidence.pooledConnectionReset(PEER, 1, false)).isFalse();
		advance(Duration.ofMillis(100));
		assertThat(this.evidence.nothingListening(PEER)).isTrue();
	}

	@Test
	void aRefusedConnectAloneIsNoRestart() {
		assertThat(this.evidence.nothingListening(PEER)).isFalse();
	}

	@Test
	void aRefusedConnectAfterTheWindowIsNoRestart() {
		this.evidence.pooledConnectionReset(PEER, 1, false);
		advance(Duration.ofSeconds(3));
		assertThat(this.evidence.nothingListening(PEER)).isFalse();
	}

	@Test
	void anAnswerToARequestSentAfterTheResetsMeansThePeerIsUp() {
		this.evidence.pooledConnectionReset(PEER, 1, false);
		this.evidence.pooledConnectionReset(PEER, 2, false);
		advance(Duration.ofMillis(1));
		this.evidence.answered(PEER, this.clock.get());
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.pooledConnectionReset(PEER, 3, false)).isFalse();
		assertThat(this.evidence.nothingListening("p:1")).isTrue();
	}

	@Test
	void restartIsPerPeer() {
		this.evidence.pooledConnectionReset("a:1", 1, false);
		this.evidence.pooledConnectionReset("b:1", 2, false);
		assertThat(this.evidence.pooledConnectionReset("c:1", 3, false)).isFalse();
		assertThat(this.evidence.nothingListening("d:1")).isFalse();
	}

	@Test
	void peersAreBounded() {
		for (int i = 0; i < RestartEvidence.MAX_PEERS + 10; i++) {
			this.evidence.pooledConnectionReset("peer-" + i + ":1", i + 1, false);
		}
		assertThat(this.evidence.trackedPeers()).isLessThanOrEqualTo(RestartEvidence.MAX_PEERS);
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
