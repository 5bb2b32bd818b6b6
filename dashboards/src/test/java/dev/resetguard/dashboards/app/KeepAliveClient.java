package dev.resetguard.dashboards.app;

import java.io.IOException;
import java.net.Socket;

import javax.net.SocketFactory;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;

/**
 * A keep-alive HTTP client for one peer that pools one connection, the way a connection pool would:
 * before it reuses the idle connection it asks {@link AdaptiveIdlePolicy} whether the connection has
 * sat idle too long for that peer, and if so retires it and counts a prevented reset. It stands in for
 * the client integrations that retire pooled connections, which are not on main yet. Not thread-safe.
 */
final class KeepAliveClient implements AutoCloseable {

	private final SocketFactory sockets;

	private final String host;

	private final int port;

	private final String peer;

	private final AdaptiveIdlePolicy idlePolicy;

	private final ResetGuardMetrics metrics;

	private Socket idle;

	private long idleSince;

	/**
	 * Create a client.
	 * @param sockets the factory that makes its connections
	 * @param host the peer's host
	 * @param port the peer's port
	 * @param idlePolicy the policy that decides when an idle connection is retired
	 * @param metrics where prevented resets are counted
	 */
	KeepAliveClient(SocketFactory sockets, String host, int port, AdaptiveIdlePolicy idlePolicy,
			ResetGuardMetrics metrics) {
		this.sockets = sockets;
		this.host = host;
		this.port = port;
		this.peer = PeerKey.of(host, port);
		this.idlePolicy = idlePolicy;
		this.metrics = metrics;
	}

	/**
	 * Send a GET on the pooled connection, or on a new one, and keep the connection for the next call.
	 * @param path the path
	 * @return the response body
	 * @throws IOException if the exchange fails; the connection is closed then
	 */
	String get(String path) throws IOException {
		Socket socket = lease();
		try {
			String body = HttpOverSocket.exchange(socket, "GET", path, new byte[0]);
			this.idle = socket;
			this.idleSince = System.nanoTime();
			return body;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	@Override
	public void close() throws IOException {
		if (this.idle != null) {
			this.idle.close();
			this.idle = null;
		}
	}

	private Socket lease() throws IOException {
		Socket socket = this.idle;
		this.idle = null;
		if (socket != null && this.idlePolicy.shouldRetire(this.peer, System.nanoTime() - this.idleSince)) {
			socket.close();
			this.metrics.recordPrevented(ClientKind.SOCKET, this.peer);
			socket = null;
		}
		return (socket != null) ? socket : this.sockets.createSocket(this.host, this.port);
	}

}
