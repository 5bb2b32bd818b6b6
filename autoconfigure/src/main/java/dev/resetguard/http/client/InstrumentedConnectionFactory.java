package dev.resetguard.http.client;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.socket.SocketInstrumentation;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes the pooled connections of an Apache HttpClient 5 connection manager
 * {@link InstrumentedHttpClientConnection instrumented} ones, and holds what they share: the socket
 * instrumentation, the adaptive idle policy and the meters that count prevented resets.
 */
final class InstrumentedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

	private static final AtomicLong ids = new AtomicLong();

	private final SocketInstrumentation socket;

	private final @Nullable AdaptiveIdlePolicy idlePolicy;

	private final ResetGuardMetrics metrics;

	private final ClientKind defaultClient;

	/**
	 * Create a factory.
	 * @param socket the instrumentation of the connections' streams
	 * @param idlePolicy the adaptive idle policy, {@code null} to never retire connections early
	 * @param metrics counts prevented resets
	 * @param defaultClient the client kind of prevented resets outside a decorated call
	 */
	InstrumentedConnectionFactory(SocketInstrumentation socket, @Nullable AdaptiveIdlePolicy idlePolicy,
			ResetGuardMetrics metrics, ClientKind defaultClient) {
		this.socket = socket;
		this.idlePolicy = idlePolicy;
		this.metrics = metrics;
		this.defaultClient = defaultClient;
	}

	@Override
	public ManagedHttpClientConnection createConnection(@Nullable Socket socket) throws IOException {
		InstrumentedHttpClientConnection connection = new InstrumentedHttpClientConnection(
				"http-outgoing-rg-" + ids.incrementAndGet(), this);
		if (socket != null) {
			connection.bind(socket);
		}
		return connection;
	}

	SocketInstrumentation socket() {
		return this.socket;
	}

	boolean adaptiveIdle() {
		return this.idlePolicy != null;
	}

	/**
	 * Return whether a pooled connection to a peer should be retired before lease, counting it as a
	 * prevented reset if so.
	 */
	boolean retire(String peer, long idleNanos) {
		if (this.idlePolicy == null || !this.idlePolicy.shouldRetire(peer, idleNanos)) {
			return false;
		}
		Attempt scope = Attempt.current();
		this.metrics.recordPrevented((scope != null) ? scope.client() : this.defaultClient, peer);
		return true;
	}

}
