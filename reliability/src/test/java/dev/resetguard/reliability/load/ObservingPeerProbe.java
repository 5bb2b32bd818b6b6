package dev.resetguard.reliability.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.restart.PeerProbe;

/**
 * The restart ride-through's probe, made observable. The starter's probe ({@link PeerProbe#tcpConnect})
 * connects and closes at once, so a reset-on-accept the chaos server draws for a probe connection reaches
 * a socket already closed: an injection no client can see. This probe connects the same way, then
 * half-closes and waits (bounded) for the server's answer, FIN or RST, so that every injection has a
 * witness: either Reset Guard (metrics) or this probe (its own count).
 */
final class ObservingPeerProbe implements PeerProbe {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

	private final int connectTimeoutMillis;

	private final ResetClassifier classifier = new ResetClassifier();

	private final AtomicLong connections = new AtomicLong();

	private final AtomicLong resets = new AtomicLong();

	private final AtomicLong unanswered = new AtomicLong();

	ObservingPeerProbe(Duration connectTimeout) {
		this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
	}

	@Override
	public void probe(String peer) throws IOException {
		int colon = peer.lastIndexOf(':');
		String host = peer.substring(0, colon).replace("[", "").replace("]", "");
		try (Socket socket = new Socket()) {
			connect(socket, new InetSocketAddress(host, Integer.parseInt(peer.substring(colon + 1))));
			awaitAnswer(socket);
		}
	}

	// A connect with a timeout finishes by reading the socket's pending error, so an RST the server sent at
	// once on accept can fail the connect itself: that connection was accepted and reset all the same.
	private void connect(Socket socket, InetSocketAddress address) throws IOException {
		try {
			socket.connect(address, this.connectTimeoutMillis);
			this.connections.incrementAndGet();
		}
		catch (IOException ex) {
			if (this.classifier.isReset(ex)) {
				this.connections.incrementAndGet();
				this.resets.incrementAndGet();
			}
			throw ex;
		}
	}

	private void awaitAnswer(Socket socket) {
		try {
			socket.shutdownOutput();
			socket.setSoTimeout(Math.toIntExact(ANSWER_TIMEOUT.toMillis()));
			InputStream input = socket.getInputStream();
			byte[] buffer = new byte[256];
			// The server sends nothing to a connection that sent nothing: the first read ends it.
			while (input.read(buffer) >= 0) {
				// Drain whatever a misbehaving server might send.
			}
		}
		catch (SocketTimeoutException ex) {
			this.unanswered.incrementAndGet();
		}
		catch (IOException ex) {
			if (this.classifier.isReset(ex)) {
				this.resets.incrementAndGet();
			}
			else {
				this.unanswered.incrementAndGet();
			}
		}
	}

	/**
	 * Return the number of probe connections the peer accepted.
	 */
	long connections() {
		return this.connections.get();
	}

	/**
	 * Return the number of probe connections the peer reset.
	 */
	long resets() {
		return this.resets.get();
	}

	/**
	 * Return the number of probe connections whose fate stayed unknown (no FIN, no RST in time).
	 */
	long unanswered() {
		return this.unanswered.get();
	}

}
