package dev.resetguard.forensics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerRestartDetectorTests {

	private final AtomicLong clock = new AtomicLong();

	private final PeerRestartDetector detector = new PeerRestartDetector(
			new CauseSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), 3), this.clock::get);

	@Test
	void sameConnectionResetTwiceCountsOnce() {
		assertThat(this.detector.recordReset("p:1", 7)).isFalse();
		assertThat(this.detector.recordReset("p:1", 7)).isFalse();
		assertThat(this.detector.recordReset("p:1", 8)).isFalse();
		assertThat(this.detector.recordReset("p:1", 9)).isTrue();
	}

	@Test
	void oldResetsLeaveTheWindow() {
		this.detector.recordReset("p:1", 1);
		this.detector.recordReset("p:1", 2);
		this.clock.addAndGet(Duration.ofSeconds(3).toNanos());
		assertThat(this.detector.recordReset("p:1", 3)).isFalse();
	}

	@Test
	void aResponseInBetweenMeansThePeerIsUp() {
		this.detector.recordReset("p:1", 1);
		this.detector.recordReset("p:1", 2);
		this.clock.addAndGet(1);
		this.detector.responseReceived("p:1", this.clock.get());
		this.clock.addAndGet(1);
		assertThat(this.detector.recordReset("p:1", 3)).isFalse();
		assertThat(this.detector.recordReset("p:1", 4)).isFalse();
		assertThat(this.detector.recordReset("p:1", 5)).isTrue();
	}

	@Test
	void steadyRandomResetsBetweenAnswersAreNoRestart() {
		for (int i = 1; i <= 100; i++) {
			this.clock.addAndGet(Duration.ofMillis(10).toNanos());
			assertThat(this.detector.recordReset("p:1", i)).isFalse();
			this.detector.responseReceived("p:1", this.clock.get() + 1);
		}
	}

	@Test
	void anAnswerToARequestSentBeforeTheResetsProvesNothing() {
		long sentBeforeTheRestart = this.clock.get();
		this.clock.addAndGet(1);
		this.detector.recordReset("p:1", 1);
		this.detector.recordReset("p:1", 2);
		this.detector.responseReceived("p:1", sentBeforeTheRestart);
		assertThat(this.detector.recordReset("p:1", 3)).isTrue();
	}

	@Test
	void aResponseFromAnotherPeerChangesNothing() {
		this.detector.recordReset("p:1", 1);
		this.detector.recordReset("p:1", 2);
		this.detector.responseReceived("q:1", this.clock.get() + 1);
		assertThat(this.detector.recordReset("p:1", 3)).isTrue();
	}

	@Test
	void remembersABoundedNumberOfPeers() {
		for (int i = 0; i < 10_000; i++) {
			this.detector.recordReset("host-" + i + ":80", i + 1);
		}
		assertThat(this.detector.trackedPeers()).isEqualTo(PeerRestartDetector.MAX_PEERS);
	}

}
