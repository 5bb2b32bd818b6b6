package dev.resetguard.test;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * One accepted connection: its TCP socket, the application streams over it (plain or TLS), byte
 * counters, and whether it is idle, busy or closed. Whoever moves it to closed first (its handler, the
 * idle reaper, a restart) records the injection, so each connection is recorded at most once.
 */
final class ChaosConnection {

	private static final int BUSY = 0;

	private static final int IDLE = 1;

	private static final int CLOSED = 2;

	/**
	 * Pause between the last bytes of a truncated response and its reset, as in the ground-truth probe.
	 */
	static final Duration SETTLE_BEFORE_RESET = Duration.ofMillis(100);

	private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

	private static final int LINGERING_CLOSE_MILLIS = 1_000;

	private static final long LINGERING_CLOSE_MAX_BYTES = 1024 * 1024;

	private final long id;

	private final Socket tcp;

	private final ChaosLedger ledger;

	private final AtomicInteger state = new AtomicInteger(BUSY);

	private final AtomicLong bytesRead = new AtomicLong();

	private final AtomicLong bytesWritten = new AtomicLong();

	private volatile long idleSinceNanos = System.nanoTime();

	private volatile @Nullable String method;

	private volatile @Nullable String path;

	private volatile @Nullable ToxicKind closeWhenIdle;

	private Socket application;

	ChaosConnection(long id, Socket tcp, ChaosLedger ledger) {
		this.id = id;
		this.tcp = tcp;
		this.ledger = ledger;
		this.application = tcp;
	}

	long id() {
		return this.id;
	}

	/**
	 * Replace the plain stream by TLS and complete the handshake, bounded by a timeout.
	 */
	void startTls(SSLContext context) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory()
			.createSocket(this.tcp, this.tcp.getInetAddress().getHostAddress(), this.tcp.getPort(), true);
		socket.setUseClientMode(false);
		this.tcp.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
		socket.startHandshake();
		this.tcp.setSoTimeout(0);
		this.application = socket;
	}

	InputStream input() throws IOException {
		return new CountingInputStream(this.application.getInputStream());
	}

	OutputStream output() throws IOException {
		return new CountingOutputStream(this.application.getOutputStream());
	}

	long bytesRead() {
		return this.bytesRead.get();
	}

	long bytesWritten() {
		return this.bytesWritten.get();
	}

	/**
	 * Mark the connection idle, waiting for the next request; {@code false} if it was closed meanwhile, or
	 * is closed now because a graceful restart asked for it once the exchange in progress was done.
	 */
	boolean idle() {
		this.idleSinceNanos = System.nanoTime();
		this.method = null;
		this.path = null;
		if (!this.state.compareAndSet(BUSY, IDLE)) {
			return false;
		}
		ToxicKind closing = this.closeWhenIdle;
		if (closing != null) {
			closeIdle(closing, false);
			return false;
		}
		return true;
	}

	/**
	 * Mark the connection busy because data arrived; {@code false} if the idle reaper closed it first.
	 */
	boolean busy() {
		return this.state.compareAndSet(IDLE, BUSY);
	}

	boolean isIdleLongerThan(long nanos) {
		return this.state.get() == IDLE && System.nanoTime() - this.idleSinceNanos >= nanos;
	}

	void exchange(String method, String path) {
		this.method = method;
		this.path = path;
	}

	/**
	 * Reset the connection for a connection-level reason, counting the bytes of the whole connection.
	 */
	boolean reset(ToxicKind kind) {
		return reset(kind, bytesRead(), bytesWritten());
	}

	/**
	 * Record the injection, then reset the connection, unless it is already closed.
	 */
	boolean reset(ToxicKind kind, long bytesRead, long bytesWritten) {
		int previous = this.state.getAndSet(CLOSED);
		if (previous == CLOSED) {
			return false;
		}
		this.ledger.recordInjection(this.id, kind, bytesRead, bytesWritten, this.method, this.path);
		abort(this.tcp);
		return true;
	}

	/**
	 * Close the connection the way {@code mode} says if it is still idle, recording the injection first.
	 */
	boolean closeIfIdle(CloseMode mode) {
		ToxicKind kind = (mode == CloseMode.RST) ? ToxicKind.IDLE_CLOSE_RST : ToxicKind.IDLE_CLOSE_FIN;
		return closeIdle(kind, mode == CloseMode.RST);
	}

	/**
	 * Close normally (FIN) once no exchange is in progress, recording the injection as {@code kind}: at once
	 * if the connection is idle, else after the response in progress, which then says
	 * {@code Connection: close}.
	 */
	void closeGracefully(ToxicKind kind) {
		this.closeWhenIdle = kind;
		closeIdle(kind, false);
	}

	/**
	 * Whether a graceful close is pending, so the response in progress must be the connection's last.
	 */
	boolean isClosing() {
		return this.closeWhenIdle != null;
	}

	/**
	 * Close normally (FIN), recording the injection as {@code kind}, unless already closed: a connection
	 * that was never served, taken from the accept queue by a graceful restart.
	 */
	void finish(ToxicKind kind) {
		if (this.state.getAndSet(CLOSED) != CLOSED) {
			this.ledger.recordInjection(this.id, kind, bytesRead(), bytesWritten(), null, null);
			closeQuietly(this.tcp);
		}
	}

	/**
	 * Close normally (FIN); recorded only when a graceful close asked for it.
	 */
	void close() {
		if (this.state.getAndSet(CLOSED) != CLOSED) {
			ToxicKind closing = this.closeWhenIdle;
			if (closing != null) {
				this.ledger.recordInjection(this.id, closing, bytesRead(), bytesWritten(), this.method, this.path);
			}
			closeQuietly(this.tcp);
		}
	}

	private boolean closeIdle(ToxicKind kind, boolean abortive) {
		if (!this.state.compareAndSet(IDLE, CLOSED)) {
			return false;
		}
		this.ledger.recordInjection(this.id, kind, bytesRead(), bytesWritten(), null, null);
		if (abortive) {
			abort(this.tcp);
		}
		else {
			closeQuietly(this.tcp);
		}
		return true;
	}

	/**
	 * Close after a response that ends the connection while the peer may still be sending: send FIN,
	 * then drain briefly, because closing with unread input would reset and could destroy the response.
	 */
	void closeLingering(InputStream input) {
		if (this.state.getAndSet(CLOSED) == CLOSED) {
			return;
		}
		try {
			this.application.shutdownOutput();
		}
		catch (IOException | UnsupportedOperationException ex) {
			closeQuietly(this.tcp);
			return;
		}
		try {
			this.tcp.setSoTimeout(LINGERING_CLOSE_MILLIS);
			byte[] buffer = new byte[8192];
			long drained = 0;
			long deadline = System.nanoTime() + LINGERING_CLOSE_MILLIS * 1_000_000L;
			while (drained < LINGERING_CLOSE_MAX_BYTES && System.nanoTime() < deadline) {
				int read = input.read(buffer);
				if (read < 0) {
					break;
				}
				drained += read;
			}
		}
		catch (SocketTimeoutException ex) {
			// The peer kept the connection open without sending: close it anyway.
		}
		catch (IOException ex) {
			// The peer went away first, nothing left to protect.
		}
		closeQuietly(this.tcp);
	}

	private static void abort(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Already closed: there is nothing left to reset.
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing is best effort: the peer may already be gone.
		}
	}

	private final class CountingInputStream extends FilterInputStream {

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int value = this.in.read();
			if (value >= 0) {
				ChaosConnection.this.bytesRead.incrementAndGet();
			}
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.in.read(buffer, offset, length);
			if (count > 0) {
				ChaosConnection.this.bytesRead.addAndGet(count);
			}
			return count;
		}

	}

	private final class CountingOutputStream extends FilterOutputStream {

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int value) throws IOException {
			this.out.write(value);
			ChaosConnection.this.bytesWritten.incrementAndGet();
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			this.out.write(buffer, offset, length);
			ChaosConnection.this.bytesWritten.addAndGet(length);
		}

	}

}
