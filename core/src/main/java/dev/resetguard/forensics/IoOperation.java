package dev.resetguard.forensics;

/**
 * The I/O operation that was under way on a connection when it failed.
 */
public enum IoOperation {

	/** Establishing the TCP connection. */
	CONNECT,

	/** Running the TLS handshake. */
	HANDSHAKE,

	/** Writing bytes. */
	WRITE,

	/** Reading bytes. */
	READ

}
