package dev.resetguard.observe;

/**
 * When a peer's reset ratio makes it {@link PeerStatus#DEGRADED degraded} or {@link PeerStatus#DOWN
 * down}. A peer with fewer than {@code minCalls} calls in the window is always {@link PeerStatus#UP
 * up}: a handful of calls says too little to judge. Immutable.
 *
 * @param minCalls calls a peer needs in the window before its ratio counts, at least 1
 * @param degradedRatio ratio from which the peer is degraded, positive
 * @param downRatio ratio from which the peer is down, above {@code degradedRatio} and at most
 * {@link #RATIO_LIMIT}
 */
public record HealthThresholds(int minCalls, double degradedRatio, double downRatio) {

	/** Default number of calls a peer needs in the window before its ratio counts. */
	public static final int DEFAULT_MIN_CALLS = 10;

	/** Default ratio of resets to calls from which a peer is degraded. */
	public static final double DEFAULT_DEGRADED_RATIO = 0.05;

	/** Default ratio of resets to calls from which a peer is down. */
	public static final double DEFAULT_DOWN_RATIO = 0.5;

	/**
	 * Largest ratio either threshold may be: a peer with a reset for every call is down at 1, and a threshold
	 * above it would take more resets than calls to reach.
	 */
	public static final double RATIO_LIMIT = 1.0;

	/** Defaults: 10 calls, degraded from 5% of calls reset, down from 50%. */
	public static final HealthThresholds DEFAULTS = new HealthThresholds(DEFAULT_MIN_CALLS, DEFAULT_DEGRADED_RATIO,
			DEFAULT_DOWN_RATIO);

	/**
	 * Create thresholds.
	 * @param minCalls calls a peer needs in the window before its ratio counts, at least 1
	 * @param degradedRatio ratio from which the peer is degraded, positive
	 * @param downRatio ratio from which the peer is down, above {@code degradedRatio} and at most
	 * {@link #RATIO_LIMIT}
	 */
	public HealthThresholds {
		if (minCalls < 1) {
			throw new IllegalArgumentException("minCalls must be at least 1, but was " + minCalls);
		}
		if (!(downRatio <= RATIO_LIMIT)) {
			throw new IllegalArgumentException("downRatio must be at most " + RATIO_LIMIT + ", but was " + downRatio);
		}
		if (!(degradedRatio > 0 && degradedRatio < downRatio)) {
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
