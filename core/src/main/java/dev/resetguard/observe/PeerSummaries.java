package dev.resetguard.observe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the {@link ResetStatistics} of each peer into a {@link PeerSummary}: its status against the
 * {@link HealthThresholds}, the idle timeout learned for it and {@link ResetAdvice advice}. What
 * the health indicator and the resets endpoint both report.
 */
public final class PeerSummaries {

	private final ResetStatistics statistics;

	private final HealthThresholds thresholds;

	private final Function<String, Optional<Duration>> learnedIdleTimeouts;

	/**
	 * Create summaries.
	 * @param statistics the per-peer statistics
	 * @param thresholds when a peer is degraded or down
	 * @param learnedIdleTimeouts the idle timeout learned for a peer, such as
	 * {@code AdaptiveIdlePolicy::learnedIdleTimeout}
	 */
	public PeerSummaries(ResetStatistics statistics, HealthThresholds thresholds,
			Function<String, Optional<Duration>> learnedIdleTimeouts) {
		this.statistics = Objects.requireNonNull(statistics, "statistics");
		this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
		this.learnedIdleTimeouts = Objects.requireNonNull(learnedIdleTimeouts, "learnedIdleTimeouts");
	}

	/**
	 * Return the worst status among the given peers.
	 * @param summaries the peers
	 * @return the worst status, {@link PeerStatus#UP} when there are none
	 */
	public static PeerStatus worst(List<PeerSummary> summaries) {
		PeerStatus worst = PeerStatus.UP;
		for (PeerSummary summary : summaries) {
			worst = worst.worse(summary.status());
		}
		return worst;
	}

	/**
	 * Return a summary of every peer counted since the start or the last clear.
	 * @return the summaries, sorted by peer
	 */
	public List<PeerSummary> all() {
		return this.statistics.snapshot().stream().map(this::summarize).toList();
	}

	/**
	 * Return a summary of every peer with calls or resets in the window.
	 * @return the summaries, sorted by peer
	 */
	public List<PeerSummary> active() {
		return this.statistics.snapshot().stream().filter(PeerStatistics::isActive).map(this::summarize).toList();
	}

	/**
	 * Return the statistics summarised.
	 * @return the statistics
	 */
	public ResetStatistics statistics() {
		return this.statistics;
	}

	private PeerSummary summarize(PeerStatistics peer) {
		Duration learned = this.learnedIdleTimeouts.apply(peer.peer()).orElse(null);
		return new PeerSummary(peer.peer(), this.thresholds.statusOf(peer), peer.calls(), peer.resets(), peer.ratio(),
				peer.dominantCause(), peer.causes(), peer.lastReset(), learned, ResetAdvice.of(peer, learned));
	}

}
