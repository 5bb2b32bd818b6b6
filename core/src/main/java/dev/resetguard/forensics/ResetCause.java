package dev.resetguard.forensics;

/**
 * The likely reason for a reset, inferred from connection facts. The {@link #tagValue() tag values}
 * are part of the public contract: they appear as the {@code cause} tag of the reset and retry meters.
 */
public enum ResetCause {

	/** A reused pooled connection was reset before any response byte: the peer or a load balancer closed it while idle. */
	STALE_CONNECTION("stale-connection"),

	/** Several distinct connections to one peer were reset within a short window: the peer crashed or restarted. */
	PEER_RESTART("peer-restart"),

	/** The reset came after a long silence, or during a TLS handshake through a proxy: a firewall or proxy intervened. */
	MIDDLEBOX("middlebox"),

	/** A fresh connection carried (part of) a request and was reset before any response byte. */
	REQUEST_REJECTED("request-rejected"),

	/** The reset came after response bytes had arrived: the peer aborted its reply. */
	RESPONSE_ABORTED("response-aborted"),

	/** The reset came during connect or right after it, before the request was sent. */
	CONNECT_REJECTED("connect-rejected"),

	/** Nothing above fits, or the client hides the facts. */
	UNKNOWN("unknown");

	private final String tagValue;

	ResetCause(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value used for this cause in meter tags, events and logs.
	 * @return the lower-case, hyphenated tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
