package dev.resetguard.classify;

/**
 * How a reset showed itself to the client.
 */
public enum ResetSignal {

	/** An RST was received: ECONNRESET (104 on Linux, 54 on macOS, WSAECONNRESET 10054 on Windows). */
	RST("rst"),

	/** A write failed because the connection was already aborted: EPIPE, or WSAECONNABORTED 10053 on Windows. */
	BROKEN_PIPE("broken-pipe"),

	/** The connection closed in the middle of an exchange: end of stream where a response was due, or mid-body. */
	PREMATURE_CLOSE("premature-close");

	private final String value;

	ResetSignal(String value) {
		this.value = value;
	}

	/**
	 * Return the value used for this signal in events and logs.
	 * @return the lower-case, hyphenated value
	 */
	public String value() {
		return this.value;
	}

}
