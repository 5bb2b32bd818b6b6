package dev.resetguard.test;

/**
 * How a {@link ChaosServer} closes a connection it gives up on.
 */
public enum CloseMode {

	/**
	 * Abortive close: {@code SO_LINGER} 0 then close, so the peer receives a TCP RST.
	 */
	RST,

	/**
	 * Orderly close, so the peer receives a FIN and reads end-of-stream.
	 */
	FIN

}
