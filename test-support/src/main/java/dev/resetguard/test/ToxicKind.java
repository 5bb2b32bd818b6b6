package dev.resetguard.test;

/**
 * What a {@link ChaosServer} did to a connection: the kinds of {@link Toxic} a test can ask for, plus the
 * injections the server makes on its own ({@link #IDLE_CLOSE_RST}, {@link #IDLE_CLOSE_FIN}, {@link #RESTART},
 * {@link #GRACEFUL_RESTART}).
 */
public enum ToxicKind {

	/**
	 * Reset right after accept, before anything was read.
	 */
	RESET_ON_ACCEPT,

	/**
	 * Reset after the request head was read, before any response byte.
	 */
	RESET_AFTER_REQUEST_HEAD,

	/**
	 * Reset after the response head and part of the declared response body were sent.
	 */
	RESET_AFTER_RESPONSE_BYTES,

	/**
	 * Reset after part of the request body was read.
	 */
	RESET_DURING_UPLOAD,

	/**
	 * Reset after the whole request was read and nothing was sent for a while.
	 */
	SILENCE_THEN_RESET,

	/**
	 * An idle keep-alive connection closed with a reset, see {@link ChaosServer#idleTimeout}.
	 */
	IDLE_CLOSE_RST,

	/**
	 * An idle keep-alive connection closed normally (FIN), see {@link ChaosServer#idleTimeout}.
	 */
	IDLE_CLOSE_FIN,

	/**
	 * An open connection reset because the server restarted, see {@link ChaosServer#restart}.
	 */
	RESTART,

	/**
	 * An open connection closed normally (FIN) because the server restarted gracefully, after the response
	 * in progress if there was one, see {@link ChaosServer#restartGracefully}.
	 */
	GRACEFUL_RESTART

}
