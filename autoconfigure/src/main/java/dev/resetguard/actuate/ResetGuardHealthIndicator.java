package dev.resetguard.actuate;

import java.util.List;
import java.util.Objects;

import dev.resetguard.observe.PeerStatus;
import dev.resetguard.observe.PeerSummaries;
import dev.resetguard.observe.PeerSummary;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} that reports how often each peer resets this application's calls over the
 * statistics window: {@code UP}, {@link #DEGRADED} or {@code DOWN} as the worst peer is, with every
 * peer active in the window as details.
 * <p>
 * A flaky upstream is not this application's fault, so this indicator belongs in no liveness or
 * readiness group unless added deliberately: restarting this application would not fix the peer.
 */
public final class ResetGuardHealthIndicator implements HealthIndicator {

	/** Status of an application whose calls to a peer are reset often, but mostly still work. */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final PeerSummaries summaries;

	/**
	 * Create an indicator.
	 * @param summaries the per-peer summaries to report
	 */
	public ResetGuardHealthIndicator(PeerSummaries summaries) {
		this.summaries = Objects.requireNonNull(summaries, "summaries");
	}

	@Override
	public Health health() {
		List<PeerSummary> peers = this.summaries.active();
		return Health.status(statusOf(PeerSummaries.worst(peers)))
			.withDetail("window", PeerDescriptor.toMillis(this.summaries.statistics().window()))
			.withDetail("peers", PeerDescriptor.byPeer(peers))
			.build();
	}

	private static Status statusOf(PeerStatus status) {
		return switch (status) {
			case UP -> Status.UP;
			case DEGRADED -> DEGRADED;
			case DOWN -> Status.DOWN;
		};
	}

}
