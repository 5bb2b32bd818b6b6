package dev.resetguard.sample;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import javax.net.SocketFactory;

import dev.resetguard.BlockingRetryLoop;
import dev.resetguard.CallRetries;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.Sleeper;

/**
 * A hand-written keep-alive HTTP client on sockets from {@code resetGuardSocketFactory}, the way a
 * database or cache driver uses a socket factory. The sockets report each reset with its phase and
 * cause; this client adds what a driver would: a small connection pool that asks
 * {@link AdaptiveIdlePolicy} before reusing a connection, and Reset Guard's retry rules through
 * {@link CallRetries} and the {@link BlockingRetryLoop}, which runs each attempt in an attempt scope so
 * that one reset makes one event.
 */
public class SocketUpstream implements UpstreamClient {

	private static final ClientKind CLIENT = ClientKind.SOCKET;

	private final SocketFactory sockets;

	private final String host;

	private final int port;

	private final String peer;

	private final CallRetries retries;

	private final BlockingRetryLoop loop;

	private final AdaptiveIdlePolicy idlePolicy;

	private final ResetGuardMetrics metrics;

	private final Deque<PooledSocket> idle = new ArrayDeque<>();

	/**
	 * Create the client.
	 * @param sockets the decorated socket factory
	 * @param host the upstream's host
	 * @param port the upstream's port
	 * @param retries Reset Guard's retry rules
	 * @param recorder where resets are recorded
	 * @param idlePolicy the adaptive idle policy, or {@code null} if prevention is off
	 * @param metrics where prevented resets are counted
	 */
	public SocketUpstream(SocketFactory sockets, String host, int port, CallRetries retries, ResetRecorder recorder,
			AdaptiveIdlePolicy idlePolicy, ResetGuardMetrics metrics) {
		this.sockets = sockets;
		this.host = host;
		this.port = port;
		this.peer = PeerKey.of(host, port);
		this.retries = retries;
		this.loop = new BlockingRetryLoop(recorder, Sleeper.THREAD);
		this.idlePolicy = idlePolicy;
		this.metrics = metrics;
	}

	@Override
	public String name() {
		return CLIENT.tagValue();
	}

	@Override
	public void download(String path) throws IOException, InterruptedException {
		call(RequestTraits.ofHttp("GET", null, true), "GET", path, Map.of(), new byte[0], true);
	}

	@Override
	public void upload(String path, byte[] body, String idempotencyKey) throws IOException, InterruptedException {
		Map<String, String> headers = Map.of(SampleTraffic.IDEMPOTENCY_HEADER, idempotencyKey, "Connection", "close");
		call(RequestTraits.ofHttp("POST", idempotencyKey, true), "POST", path, headers, body, false);
	}

	/**
	 * Close the idle connections.
	 */
	public void close() {
		synchronized (this.idle) {
			this.idle.forEach(PooledSocket::close);
			this.idle.clear();
		}
	}

	private void call(RequestTraits traits, String method, String path, Map<String, String> headers, byte[] body,
			boolean keepAlive) throws IOException {
		this.loop.call(this.retries.start(CLIENT, this.peer, traits), this, (upstream, call, scope) -> {
			upstream.exchange(method, path, headers, body, keepAlive);
			return null;
		});
	}

	private void exchange(String method, String path, Map<String, String> headers, byte[] body, boolean keepAlive)
			throws IOException {
		Socket socket = keepAlive ? lease() : this.sockets.createSocket(this.host, this.port);
		try {
			HttpOverSocket.exchange(socket, method, path, headers, body);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		if (keepAlive) {
			release(socket);
		}
		else {
			socket.close();
		}
	}

	private Socket lease() throws IOException {
		while (true) {
			PooledSocket pooled;
			synchronized (this.idle) {
				pooled = this.idle.pollLast();
			}
			if (pooled == null) {
				return this.sockets.createSocket(this.host, this.port);
			}
			if (this.idlePolicy == null
					|| !this.idlePolicy.shouldRetire(this.peer, System.nanoTime() - pooled.idleSince())) {
				return pooled.socket();
			}
			pooled.close();
			this.metrics.recordPrevented(CLIENT, this.peer);
		}
	}

	private void release(Socket socket) {
		synchronized (this.idle) {
			this.idle.addLast(new PooledSocket(socket, System.nanoTime()));
		}
	}

	private record PooledSocket(Socket socket, long idleSince) {

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Closing a connection nobody uses any more: nothing to do about a failure.
			}
		}

	}

}
