package dev.resetguard.observe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerSummariesTests {

	private final AtomicLong nanos = new AtomicLong();

	private final ResetStatistics statistics = new ResetStatistics(Duration.ofMinutes(1), 100, this.nanos::get);

	private final AdaptiveIdlePolicy idlePolicy = new AdaptiveIdlePolicy();

	private final PeerSummaries summaries = new PeerSummaries(this.statistics, HealthThresholds.DEFAULTS,
			this.idlePolicy::learnedIdleTimeout);

	@Test
	void summaryCarriesStatusLearnedIdleTimeoutAndAdvice() {
		calls("api:443", 20);
		this.statistics.onReset(ResetEvents.staleReset(ClientKind.REST_CLIENT, "api:443", 1));
		this.statistics.onReset(ResetEvents.staleReset(ClientKind.REST_CLIENT, "api:443", 1));
		this.idlePolicy.learn("api:443", Duration.ofSeconds(61));
		PeerSummary summary = this.summaries.all().get(0);
		assertThat(summary.status()).isEqualTo(PeerStatus.DEGRADED);
		assertThat(summary.calls()).isEqualTo(20);
		assertThat(summary.resets()).isEqualTo(2);
		assertThat(summary.ratio()).isEqualTo(0.1);
		assertThat(summary.dominantCause()).isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(summary.lastReset()).isEqualTo(ResetEvents.TIME);
		assertThat(summary.learnedIdleTimeout()).isEqualTo(Duration.ofSeconds(61));
		assertThat(summary.advice())
			.isEqualTo("peer closes idle connections after about 61 s; keep pool idle time below it");
	}

	@Test
	void activeLeavesOutPeersQuietForTheWholeWindow() {
		calls("old:443", 1);
		this.nanos.addAndGet(Duration.ofMinutes(2).toNanos());
		calls("new:443", 1);
		assertThat(this.summaries.all()).extracting(PeerSummary::peer).containsExactly("new:443", "old:443");
		assertThat(this.summaries.active()).extracting(PeerSummary::peer).containsExactly("new:443");
	}

	@Test
	void worstStatusOfAllPeers() {
		calls("a:1", 10);
		calls("b:1", 10);
		for (int i = 0; i < 5; i++) {
			this.statistics.onReset(ResetEvents.reset("b:1", ResetCause.PEER_RESTART));
		}
		List<PeerSummary> all = this.summaries.all();
		assertThat(all).extracting(PeerSummary::status).containsExactly(PeerStatus.UP, PeerStatus.DOWN);
		assertThat(PeerSummaries.worst(all)).isEqualTo(PeerStatus.DOWN);
		assertThat(PeerSummaries.worst(List.of())).isEqualTo(PeerStatus.UP);
	}

	@Test
	void withoutAnIdlePolicyNoTimeoutIsLearned() {
		PeerSummaries withoutPolicy = new PeerSummaries(this.statistics, HealthThresholds.DEFAULTS,
				(peer) -> Optional.empty());
		this.statistics.onReset(ResetEvents.staleReset(ClientKind.REST_CLIENT, "api:443", 1));
		assertThat(withoutPolicy.all().get(0).learnedIdleTimeout()).isNull();
	}

	private void calls(String peer, int count) {
		for (int i = 0; i < count; i++) {
			this.statistics.onCall(ClientKind.REST_CLIENT, peer, CallOutcome.SUCCESS);
		}
	}

}
