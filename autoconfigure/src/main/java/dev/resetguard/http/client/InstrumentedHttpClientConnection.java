package dev.resetguard.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerKey;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * An Apache HttpClient 5 pooled connection whose socket streams keep a {@link ConnectionTrace}, so
 * that a reset is recorded with its phase, cause and connection facts the moment it happens. It also
 * retires itself at lease time when adaptive idle says the peer has likely dropped it, and keeps
 * Apache's own stale check out of the reset count.
 * <p>
 * Apache binds the socket before connecting it, after connecting it and again after the TLS upgrade;
 * the trace starts at the first bind when a decorated call's {@link Attempt} names the peer, so a
 * reset during the connect or the handshake still has the connection's facts.
 */
final class InstrumentedHttpClientConnection extends DefaultManagedHttpClientConnection {

	/**
	 * Idle time after which Apache probes a pooled connection before lease by default. Adaptive idle
	 * makes Apache ask on every lease, and the probe still runs only after this time, as without it.
	 */
	static final long STALE_CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final InstrumentedConnectionFactory factory;

	private volatile @Nullable ConnectionTrace trace;

	private volatile boolean probing;

	InstrumentedHttpClientConnection(String id, InstrumentedConnectionFactory factory) {
		super(id);
		this.factory = factory;
	}

	@Override
	public void bind(Socket socket) throws IOException {
		ConnectionTrace current = this.trace;
		if (current == null) {
			Attempt scope = Attempt.current();
			String peer = (scope != null) ? scope.peer() : peerOf(socket.getRemoteSocketAddress());
			if (peer != null) {
				current = this.factory.socket().newTrace(peer);
				current.connectStarted();
				this.trace = current;
			}
		}
		if (current != null && socket.isConnected()) {
			current.connected(addressOf(socket.getLocalSocketAddress()), addressOf(socket.getRemoteSocketAddress()));
		}
		bind((current != null) ? new InstrumentedSocketHolder(socket, current) : new SocketHolder(socket));
	}

	@Override
	public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
		ConnectionTrace current = this.trace;
		if (current != null) {
			// The handshake ran in Apache's TLS strategy, on the plain socket; the trace learns it is done.
			current.handshakeStarted();
			current.handshakeFinished();
		}
		bind((current != null) ? new InstrumentedSocketHolder(sslSocket, socket, current)
				: new SocketHolder(sslSocket, socket));
	}

	/**
	 * Retire the connection if adaptive idle says its peer has likely dropped it, counting a prevented
	 * reset; otherwise run Apache's stale check, after its usual idle time, without recording what the
	 * probe finds: no call meets a connection that fails it.
	 */
	@Override
	public boolean isStale() throws IOException {
		ConnectionTrace current = this.trace;
		if (current != null && this.factory.adaptiveIdle()) {
			long idleNanos = current.nanosSinceLastActivity();
			if (this.factory.retire(current.peer(), idleNanos)) {
				return true;
			}
			if (idleNanos < STALE_CHECK_AFTER_NANOS) {
				return false;
			}
		}
		this.probing = true;
		try {
			return super.isStale();
		}
		finally {
			this.probing = false;
		}
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			closed();
		}
	}

	@Override
	public void close(CloseMode closeMode) {
		try {
			super.close(closeMode);
		}
		finally {
			closed();
		}
	}

	private void closed() {
		ConnectionTrace current = this.trace;
		if (current != null) {
			current.closed();
		}
	}

	private static @Nullable String peerOf(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? PeerKey.of(inet) : null;
	}

	private static String addressOf(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? PeerKey.of(inet) : String.valueOf(address);
	}

	/**
	 * Hands Apache the instrumented streams of the socket (the plaintext ones, for TLS); during the stale
	 * check, reads bypass the instrumentation.
	 */
	private final class InstrumentedSocketHolder extends SocketHolder {

		private final ConnectionTrace trace;

		InstrumentedSocketHolder(Socket socket, ConnectionTrace trace) {
			super(socket);
			this.trace = trace;
		}

		InstrumentedSocketHolder(SSLSocket sslSocket, Socket baseSocket, ConnectionTrace trace) {
			super(sslSocket, baseSocket);
			this.trace = trace;
		}

		@Override
		protected InputStream getInputStream(Socket socket) throws IOException {
			InputStream raw = super.getInputStream(socket);
			return new ProbeAwareInputStream(raw,
					InstrumentedHttpClientConnection.this.factory.socket().instrument(raw, this.trace));
		}

		@Override
		protected OutputStream getOutputStream(Socket socket) throws IOException {
			return InstrumentedHttpClientConnection.this.factory.socket()
				.instrument(super.getOutputStream(socket), this.trace);
		}

	}

	/**
	 * Reads through the instrumented stream, except during Apache's stale check.
	 */
	private final class ProbeAwareInputStream extends InputStream {

		private final InputStream raw;

		private final InputStream instrumented;

		ProbeAwareInputStream(InputStream raw, InputStream instrumented) {
			this.raw = raw;
			this.instrumented = instrumented;
		}

		@Override
		public int read() throws IOException {
			return current().read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return current().read(b, off, len);
		}

		@Override
		public int available() throws IOException {
			return this.raw.available();
		}

		@Override
		public void close() throws IOException {
			this.instrumented.close();
		}

		private InputStream current() {
			return InstrumentedHttpClientConnection.this.probing ? this.raw : this.instrumented;
		}

	}

}
