package dev.resetguard.socket;

import java.io.IOException;

import javax.net.ssl.SSLSocket;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;

/**
 * Runs the TLS handshake of an instrumented {@link SSLSocket} explicitly, before its first read or
 * write, so that a reset during the handshake is told apart from one during the exchange.
 */
final class TlsHandshake {

	private final SSLSocket socket;

	private final ConnectionTrace trace;

	private final SocketInstrumentation instrumentation;

	private volatile boolean done;

	TlsHandshake(SSLSocket socket, ConnectionTrace trace, SocketInstrumentation instrumentation) {
		this.socket = socket;
		this.trace = trace;
		this.instrumentation = instrumentation;
	}

	ConnectionTrace trace() {
		return this.trace;
	}

	/**
	 * Run the handshake unless it already completed.
	 * @throws IOException if the handshake failed
	 */
	void ensureDone() throws IOException {
		if (!this.done) {
			synchronized (this) {
				if (!this.done) {
					run();
				}
			}
		}
	}

	/**
	 * Run a handshake now, as {@link SSLSocket#startHandshake()} asks.
	 * @throws IOException if the handshake failed
	 */
	synchronized void run() throws IOException {
		this.trace.handshakeStarted();
		try {
			this.socket.startHandshake();
		}
		catch (IOException ex) {
			this.instrumentation.failed(this.trace, IoOperation.HANDSHAKE, ex);
			throw ex;
		}
		this.done = true;
		this.trace.handshakeFinished();
	}

}
