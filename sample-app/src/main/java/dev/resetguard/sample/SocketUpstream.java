package dev.resetguard.sample;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import dev.resetguard.CallRetries;
import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.retry.RequestTraits;

/**
 * A hand-written keep-alive HTTP client on sockets from {@code resetGuardSocketFactory}, the way a
 * database or cache driver uses a socket factory. The sockets report each reset with its phase and
 * cause; this client adds what a driver would: a small connection pool that asks
 * {@link AdaptiveIdlePolicy} before reusing a connection, and Reset Guard's retry rules through
 * {@link CallRetries}, each attempt in an {@link Attempt} so that one reset makes one event.
 */
public class SocketUpstream implements UpstreamClient {

	private static final ClientKind CLIENT = ClientKind.SOCKET;

	private final SocketFactory sockets;

	private final String host;

	private final int port;

	private final String peer;

	private final CallRetries retries;

	private final ResetRecorder recorder;

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
		this.recorder = recorder;
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
			boolean keepAlive) throws IOException, InterruptedException {
		CallRetry retry = this.retries.start(CLIENT, this.peer, traits);
		retry.awaitPeer();
		while (true) {
			Attempt scope = new Attempt(CLIENT, this.peer, retry.attempt());
			IOException failure = attempt(scope, method, path, headers, body, keepAlive);
			if (failure == null) {
				retry.succeeded();
				retry.finish();
				return;
			}
			ResetEvent reset = scope.resolve(this.recorder, ResetPhase.UNKNOWN, failure);
			if (!retry.shouldRetry(reset, failure)) {
				retry.finish();
				throw failure;
			}
			try {
				if (!retry.beforeRetry()) {
					throw failure;
				}
				TimeUnit.NANOSECONDS.sleep(retry.backoffNanos());
			}
			catch (InterruptedException ex) {
				retry.interrupted();
				throw ex;
			}
			retry.retrying();
		}
	}

	private IOException attempt(Attempt scope, String method, String path, Map<String, String> headers,
			byte[] body, boolean keepAlive) {
		Attempt.Activation activation = scope.activate();
		try {
			exchange(method, path, headers, body, keepAlive);
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
		finally {
			activation.close();
		}
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
