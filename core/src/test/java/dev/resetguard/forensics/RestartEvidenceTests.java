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

	private static final int MAX_PEERS = 100;

	private final AtomicLong clock = new AtomicLong(1_000);

	private final RestartEvidence evidence = new RestartEvidence(
			new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 3), MAX_PEERS, this.clock::get);

	@Test
	void threePooledConnectionsResetTogetherShowARestartOnceAnotherResetConfirmsIt() {
		assertThat(this.evidence.recordPooledReset(PEER, 1, false)).isFalse();
		assertThat(this.evidence.recordPooledReset(PEER, 2, false)).isFalse();
		assertThat(this.evidence.recordPooledReset(PEER, 3, false)).isFalse();
		assertThat(this.evidence.recordPooledReset(PEER, 4, false)).isTrue();
	}

	@Test
	void pooledConnectionsClosedTogetherAreConfirmedByAnAnswerToARequestSentAfterTheFirstOfThem() {
		this.evidence.recordPooledReset(PEER, 1, false);
		advance(Duration.ofMillis(1));
		long sentAfterTheFirst = this.clock.get();
		this.evidence.recordPooledReset(PEER, 2, false);
		this.evidence.recordPooledReset(PEER, 3, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.recordAnswer(PEER, sentAfterTheFirst)).isTrue();
	}

	@Test
	void pooledConnectionsClosedTogetherAreConfirmedByARefusedConnect() {
		this.evidence.recordPooledReset(PEER, 1, false);
		this.evidence.recordPooledReset(PEER, 2, false);
		this.evidence.recordPooledReset(PEER, 3, false);
		assertThat(this.evidence.recordNothingListening(PEER)).isTrue();
	}

	@Test
	void anAnswerToARequestInFlightWhenTheFirstResetCameDeniesThem() {
		long inFlight = this.clock.get();
		advance(Duration.ofMillis(1));
		this.evidence.recordPooledReset(PEER, 1, false);
		this.evidence.recordPooledReset(PEER, 2, false);
		this.evidence.recordPooledReset(PEER, 3, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.recordAnswer(PEER, inFlight)).isFalse();
		assertThat(this.evidence.recordPooledReset(PEER, 4, false)).isFalse();
	}

	@Test
	void anAnswerToARequestInFlightArrivingBetweenTheResetsDeniesThem() {
		long inFlight = this.clock.get();
		advance(Duration.ofMillis(1));
		this.evidence.recordPooledReset(PEER, 1, false);
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.recordAnswer(PEER, inFlight)).isFalse();
		this.evidence.recordPooledReset(PEER, 2, false);
		this.evidence.recordPooledReset(PEER, 3, false);
		assertThat(this.evidence.recordPooledReset(PEER, 4, false)).isFalse();
	}

	@Test
	void pooledConnectionsClosedTogetherAndNotConfirmedWithinTheWindowShowNothing() {
		this.evidence.recordPooledReset(PEER, 1, false);
		this.evidence.recordPooledReset(PEER, 2, false);
		this.evidence.recordPooledReset(PEER, 3, false);
		advance(Duration.ofSeconds(3));
		assertThat(this.evidence.recordPooledReset(PEER, 4, false)).isFalse();
	}

	@Test
	void sameConnectionResetTwiceCountsOnce() {
		this.evidence.recordPooledReset(PEER, 7, false);
		this.evidence.recordPooledReset(PEER, 7, false);
		assertThat(this.evidence.recordPooledReset(PEER, 8, false)).isFalse();
	}

	@Test
	void pooledConnectionsAnIdleTimeoutExplainsAreNotClosedTogether() {
		this.evidence.recordPooledReset(PEER, 1, true);
		this.evidence.recordPooledReset(PEER, 2, true);
		assertThat(this.evidence.recordPooledReset(PEER, 3, true)).isFalse();
	}

	@Test
	void aPooledResetThenARefusedConnectShowARestart() {
		assertThat(this.evidence.recordPooledReset(PEER, 1, false)).isFalse();
		advance(Duration.ofMillis(100));
		assertThat(this.evidence.recordNothingListening(PEER)).isTrue();
	}

	@Test
	void aRefusedConnectAloneIsNoRestart() {
		assertThat(this.evidence.recordNothingListening(PEER)).isFalse();
	}

	@Test
	void aRefusedConnectAfterTheWindowIsNoRestart() {
		this.evidence.recordPooledReset(PEER, 1, false);
		advance(Duration.ofSeconds(3));
		assertThat(this.evidence.recordNothingListening(PEER)).isFalse();
	}

	@Test
	void anAnswerToARequestSentAfterTheResetsMeansThePeerIsUp() {
		this.evidence.recordPooledReset(PEER, 1, false);
		this.evidence.recordPooledReset(PEER, 2, false);
		advance(Duration.ofMillis(1));
		this.evidence.recordAnswer(PEER, this.clock.get());
		advance(Duration.ofMillis(1));
		assertThat(this.evidence.recordPooledReset(PEER, 3, false)).isFalse();
		assertThat(this.evidence.recordNothingListening("p:1")).isTrue();
	}

	@Test
	void restartIsPerPeer() {
		this.evidence.recordPooledReset("a:1", 1, false);
		this.evidence.recordPooledReset("b:1", 2, false);
		assertThat(this.evidence.recordPooledReset("c:1", 3, false)).isFalse();
		assertThat(this.evidence.recordNothingListening("d:1")).isFalse();
	}

	@Test
	void peersAreBounded() {
		for (int i = 0; i < MAX_PEERS + 10; i++) {
			this.evidence.recordPooledReset("peer-" + i + ":1", i + 1, false);
		}
		assertThat(this.evidence.trackedPeers()).isLessThanOrEqualTo(MAX_PEERS);
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
