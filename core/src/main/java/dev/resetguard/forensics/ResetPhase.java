package dev.resetguard.forensics;

/**
 * Where in an exchange a reset happened. The {@link #tagValue() tag values} are part of the public
 * contract: they appear as the {@code phase} tag of {@code reset.guard.resets} and in reset events.
 */
public enum ResetPhase {

	/** The connect call failed, or the connection was reset before a single byte was exchanged on it. */
	CONNECT("connect"),

	/** The TLS handshake was under way. */
	TLS_HANDSHAKE("tls-handshake"),

	/** Request bytes were being written and no response byte had arrived. */
	SENDING_REQUEST("sending-request"),

	/** The request was written (at least partly) and the client was waiting for the first response byte. */
	AWAITING_RESPONSE("awaiting-response"),

	/** At least one response byte had arrived. */
	RECEIVING_RESPONSE("receiving-response"),

	/** The client hides where it was. */
	UNKNOWN("unknown");

	private final String tagValue;

	ResetPhase(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value used for this phase in meter tags, events and logs.
	 * @return the lower-case, hyphenated tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
