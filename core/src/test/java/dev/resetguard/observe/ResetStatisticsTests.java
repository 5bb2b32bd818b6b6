package dev.resetguard.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class ResetStatisticsTests {

	private static final String PEER = "api.internal:443";

	private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

	private final ResetStatistics statistics = new ResetStatistics(Duration.ofMinutes(1), 100, this.nanos::get);

	@Test
	void countsCallsAndResetsByCause() {
		calls(PEER, 20);
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.STALE_CONNECTION));
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.STALE_CONNECTION));
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.PEER_RESTART));
		PeerStatistics peer = single();
		assertThat(peer.peer()).isEqualTo(PEER);
		assertThat(peer.calls()).isEqualTo(20);
		assertThat(peer.resets()).isEqualTo(3);
		assertThat(peer.ratio()).isEqualTo(0.15);
		assertThat(peer.causes()).containsExactly(entry(ResetCause.STALE_CONNECTION, 2L),
				entry(ResetCause.PEER_RESTART, 1L));
		assertThat(peer.dominantCause()).isEqualTo(ResetCause.STALE_CONNECTION);
	}

	@Test
	void dominantCauseTieGoesToTheMoreSpecificCause() {
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.UNKNOWN));
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.MIDDLEBOX));
		assertThat(single().dominantCause()).isEqualTo(ResetCause.MIDDLEBOX);
	}

	@Test
	void countsOlderThanTheWindowSlideOut() {
		calls(PEER, 10);
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.STALE_CONNECTION));
		advance(Duration.ofSeconds(30));
		calls(PEER, 5);
		assertThat(single().calls()).isEqualTo(15);
		advance(Duration.ofSeconds(31));
		PeerStatistics peer = single();
		assertThat(peer.calls()).isEqualTo(5);
		assertThat(peer.resets()).isZero();
		assertThat(peer.dominantCause()).isNull();
		advance(Duration.ofSeconds(60));
		assertThat(single().isActive()).isFalse();
	}

	@Test
	void lastResetTimeOutlivesTheWindow() {
		Instant time = Instant.parse("2026-03-01T12:34:56Z");
		this.statistics.onReset(ResetEvents.reset(ClientKind.PROGRAMMATIC, PEER, ResetCause.UNKNOWN, time));
		advance(Duration.ofMinutes(10));
		assertThat(single().lastReset()).isEqualTo(time);
	}

	@Test
	void ratioCountsEveryResetOfARetriedCall() {
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.UNKNOWN));
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.UNKNOWN));
		this.statistics.onCall(ClientKind.PROGRAMMATIC, PEER, CallOutcome.RECOVERED);
		assertThat(single().ratio()).isEqualTo(2.0);
	}

	@Test
	void ratioWithoutCallsIsZero() {
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.UNKNOWN));
		assertThat(single().ratio()).isZero();
	}

	@Test
	void tenThousandPeersKeepAtMostMaxPeersWindowsPlusOther() {
		ResetStatistics limited = new ResetStatistics(Duration.ofMinutes(1), 100, this.nanos::get);
		for (int peer = 0; peer < 10_000; peer++) {
			limited.onCall(ClientKind.REST_CLIENT, "peer-" + peer + ":443", CallOutcome.SUCCESS);
			limited.onReset(ResetEvents.reset("peer-" + peer + ":443", ResetCause.UNKNOWN));
		}
		assertThat(limited.windows()).isEqualTo(101);
		assertThat(limited.snapshot()).filteredOn((peer) -> peer.peer().equals("other"))
			.singleElement()
			.satisfies((other) -> {
				assertThat(other.calls()).isEqualTo(9_900);
				assertThat(other.resets()).isEqualTo(9_900);
			});
	}

	@Test
	void clearForgetsCountsAndLastReset() {
		calls(PEER, 3);
		this.statistics.onReset(ResetEvents.reset(PEER, ResetCause.UNKNOWN));
		this.statistics.clear();
		assertThat(this.statistics.snapshot()).isEmpty();
		calls(PEER, 1);
		assertThat(single().lastReset()).isNull();
	}

	@Test
	void snapshotIsSortedByPeer() {
		calls("b:1", 1);
		calls("a:1", 1);
		assertThat(this.statistics.snapshot()).extracting(PeerStatistics::peer).containsExactly("a:1", "b:1");
	}

	@Test
	void windowMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ResetStatistics(Duration.ZERO, 1))
			.withMessage("window must be positive, but was PT0S");
	}

	@Test
	void countsFromManyThreadsAreNotLost() throws InterruptedException {
		ResetStatistics concurrent = new ResetStatistics(Duration.ofMinutes(1), 100);
		Thread[] threads = new Thread[8];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = new Thread(() -> {
				for (int call = 0; call < 10_000; call++) {
					concurrent.onCall(ClientKind.WEB_CLIENT, PEER, CallOutcome.SUCCESS);
				}
			});
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(concurrent.snapshot()).singleElement()
			.satisfies((peer) -> assertThat(peer.calls()).isEqualTo(80_000));
	}

	private void calls(String peer, int count) {
		for (int i = 0; i < count; i++) {
			this.statistics.onCall(ClientKind.PROGRAMMATIC, peer, CallOutcome.SUCCESS);
		}
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private PeerStatistics single() {
		assertThat(this.statistics.snapshot()).hasSize(1);
		return this.statistics.snapshot().get(0);
	}

}
