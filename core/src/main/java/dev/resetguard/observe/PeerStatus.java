package dev.resetguard.observe;

/**
 * How healthy calls to a peer are, judged by its reset ratio against {@link HealthThresholds}.
 * Declared from best to worst.
 */
public enum PeerStatus {

	/** Resets are rare, or the peer had too few calls to judge. */
	UP,

	/** The reset ratio reached the degraded threshold: calls still mostly work, but something is wrong. */
	DEGRADED,

	/** The reset ratio reached the down threshold. */
	DOWN;

	/**
	 * Return the worse of this status and another.
	 * @param other the other status
	 * @return the worse status
	 */
	public PeerStatus worse(PeerStatus other) {
		return (other.ordinal() > ordinal()) ? other : this;
	}

}
