package dev.resetguard.observe;

/**
 * When a peer's reset ratio makes it {@link PeerStatus#DEGRADED degraded} or {@link PeerStatus#DOWN
 * down}. A peer with fewer than {@code minCalls} calls in the window is always {@link PeerStatus#UP
 * up}: a handful of calls says too little to judge. Immutable.
 *
 * @param minCalls calls a peer needs in the window before its ratio counts, at least 1
 * @param degradedRatio ratio from which the peer is degraded, positive
 * @param downRatio ratio from which the peer is down, above {@code degradedRatio}
 */
public record HealthThresholds(int minCalls, double degradedRatio, double downRatio) {

	/** Defaults: 10 calls, degraded from 5% of calls reset, down from 50%. */
	public static final HealthThresholds DEFAULTS = new HealthThresholds(10, 0.05, 0.5);

	/**
	 * Create thresholds.
	 * @param minCalls calls a peer needs in the window before its ratio counts, at least 1
	 * @param degradedRatio ratio from which the peer is degraded, positive
	 * @param downRatio ratio from which the peer is down, above {@code degradedRatio}
	 */
	public HealthThresholds {
		if (minCalls < 1) {
			throw new IllegalArgumentException("minCalls must be at least 1, but was " + minCalls);
		}
		if (!(degradedRatio > 0 && degradedRatio < downRatio && Double.isFinite(downRatio))) {
			throw new IllegalArgumentException("degradedRatio must be positive and below downRatio, but were "
					+ degradedRatio + " and " + downRatio);
		}
	}

	/**
	 * Return the status of a peer with the given statistics.
	 * @param statistics the peer's statistics
	 * @return {@link PeerStatus#UP} below {@code minCalls} calls or the degraded ratio,
	 * {@link PeerStatus#DEGRADED} from the degraded ratio, {@link PeerStatus#DOWN} from the down ratio
	 */
	public PeerStatus statusOf(PeerStatistics statistics) {
		if (statistics.calls() < this.minCalls) {
			return PeerStatus.UP;
		}
		double ratio = statistics.ratio();
		if (ratio >= this.downRatio) {
			return PeerStatus.DOWN;
		}
		return (ratio >= this.degradedRatio) ? PeerStatus.DEGRADED : PeerStatus.UP;
	}

}
