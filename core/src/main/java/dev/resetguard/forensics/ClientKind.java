package dev.resetguard.forensics;

/**
 * The kind of client that saw a reset. The {@link #tagValue() tag values} are part of the public
 * contract: they appear as the {@code client} tag of every Reset Guard meter.
 */
public enum ClientKind {

	/** A {@code RestTemplate}. */
	REST_TEMPLATE("rest-template"),

	/** A {@code RestClient}. */
	REST_CLIENT("rest-client"),

	/** A {@code WebClient}. */
	WEB_CLIENT("web-client"),

	/** A socket made by Reset Guard's decorated socket factories. */
	SOCKET("socket"),

	/** Code run through the programmatic {@code ResetGuard} API. */
	PROGRAMMATIC("programmatic");

	private final String tagValue;

	ClientKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value used for this client in meter tags, events and logs.
	 * @return the lower-case, hyphenated tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
