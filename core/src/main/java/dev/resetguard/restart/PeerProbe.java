package dev.resetguard.restart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * One attempt to reach a restarting peer: the only connection Reset Guard opens to a peer while it
 * is coming back.
 */
@FunctionalInterface
public interface PeerProbe {

	/**
	 * Try once to reach the peer.
	 * @param peer the peer as {@code host:port}
	 * @throws IOException if the peer cannot be reached yet
	 */
	void probe(String peer) throws IOException;

	/**
	 * Return a probe that opens a TCP connection to the peer and closes it at once.
	 * @param connectTimeout how long one connect may take
	 * @return the probe
	 */
	static PeerProbe tcpConnect(Duration connectTimeout) {
		int timeoutMillis = Math.toIntExact(connectTimeout.toMillis());
		return (peer) -> {
			int colon = peer.lastIndexOf(':');
			String host = peer.substring(0, colon);
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, Integer.parseInt(peer.substring(colon + 1))), timeoutMillis);
			}
		};
	}

}
