package dev.resetguard.forensics;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The running record of one connection, kept by our own instrumentation (socket streams, HTTP client
 * connection sockets, Netty channel handlers): when it opened, whether it is fresh or reused, how
 * long it sat idle, bytes written and read in the current exchange, and when the first request and
 * response bytes of that exchange passed. The facts it yields at reset time drive phase and cause.
 * <p>
 * An <em>exchange</em> is one request and its response. A new exchange starts when a write follows
 * a read (or is the first write), so request/response protocols need no extra signals; a connection
 * whose second exchange has started is <em>reused</em>. Reads and writes may come from different
 * threads; fields are volatile and each is written by one side only.
 */
public final class ConnectionTrace {

	/**
	 * Largest write that a fresh connection's empty send buffer (at least 16 KiB on Linux) takes whole or
	 * not at all: a failed write of at most this many bytes sent none of them. Instrumentation that can
	 * choose its write sizes passes first writes of at most this size, so that "no request byte left" stays a
	 * fact rather than a guess.
	 */
	public static final int WHOLE_WRITE_BYTES = 8 * 1024;

	private static final AtomicLong ids = new AtomicLong();

	private static final long NEVER = Long.MIN_VALUE;

	private final long id = ids.incrementAndGet();

	private final String peer;

	private final ConnectionListener listener;

	private final long openedNanos = System.nanoTime();

	private final AtomicBoolean resetSeen = new AtomicBoolean();

	private volatile Stage stage = Stage.NEW;

	private volatile @Nullable String localAddress;

	private volatile @Nullable String remoteAddress;

	private volatile boolean viaProxy;

	private volatile int exchanges;

	private volatile long exchangeStartNanos = NEVER;

	private volatile long idleBeforeUseNanos;

	private volatile long exchangeBytesSent;

	private volatile long exchangeBytesReceived;

	private volatile boolean writeInDoubt;

	private volatile long firstRequestByteNanos = NEVER;

	private volatile long firstResponseByteNanos = NEVER;

	private volatile long lastActivityNanos = NEVER;

	/**
	 * Create a trace for a connection to a peer.
	 * @param peer the peer as {@code host:port} (see {@link PeerKey})
	 * @param listener the listener told about each step; failures it throws are isolated
	 */
	public ConnectionTrace(String peer, ConnectionListener listener) {
		this.peer = peer;
		this.listener = CompositeListener.isolating(listener);
	}

	/** The TCP connect is about to start. */
	public void connectStarted() {
		this.stage = Stage.CONNECTING;
		this.listener.connectStart(this);
	}

	/**
	 * The TCP connection is established.
	 * @param localAddress the local {@code host:port}, {@code null} if the client cannot tell
	 * @param remoteAddress the remote {@code host:port}, {@code null} if the client cannot tell
	 */
	public void connected(@Nullable String localAddress, @Nullable String remoteAddress) {
		this.localAddress = localAddress;
		this.remoteAddress = remoteAddress;
		this.lastActivityNanos = System.nanoTime();
		this.stage = Stage.OPEN;
		this.listener.connectEnd(this);
	}

	/**
	 * The TCP connect failed.
	 * @param failure why it failed
	 */
	public void connectFailed(IOException failure) {
		this.listener.connectFailed(this, failure);
	}

	/** The TLS handshake is about to start. */
	public void handshakeStarted() {
		this.stage = Stage.HANDSHAKING;
		this.listener.handshakeStart(this);
	}

	/** The TLS handshake completed. */
	public void handshakeFinished() {
		this.lastActivityNanos = System.nanoTime();
		this.stage = Stage.OPEN;
		this.listener.handshakeEnd(this);
	}

	/**
	 * Record that the connection goes through a proxy, which turns a reset in the TLS handshake into a
	 * likely middlebox intervention.
	 */
	public void markViaProxy() {
		this.viaProxy = true;
	}

	/**
	 * Call before every write: opens a new exchange when the write is the first one or follows a read.
	 */
	public void beforeWrite() {
		if (this.exchanges == 0 || this.exchangeBytesReceived > 0) {
			startExchange(System.nanoTime());
		}
	}

	/**
	 * Call after a write the kernel accepted.
	 * @param bytes the number of bytes written
	 */
	public void wrote(long bytes) {
		if (bytes > 0) {
			long now = System.nanoTime();
			if (this.exchangeBytesSent == 0) {
				this.firstRequestByteNanos = now;
			}
			this.exchangeBytesSent += bytes;
			this.lastActivityNanos = now;
		}
	}

	/**
	 * Call after a write failed. A write larger than {@link #WHOLE_WRITE_BYTES} may have sent part of itself
	 * before it failed, and the count of that part is lost: the request may then have left, whatever
	 * {@link #exchangeBytesSent()} says.
	 * @param bytes the bytes handed to the failed write and not counted by {@link #wrote(long)}
	 */
	public void writeFailed(long bytes) {
		if (bytes > WHOLE_WRITE_BYTES) {
			this.writeInDoubt = true;
		}
	}

	/**
	 * Call after a read that returned data.
	 * @param bytes the number of bytes read
	 */
	public void read(long bytes) {
		if (bytes > 0) {
			long now = System.nanoTime();
			boolean first = this.exchangeBytesReceived == 0;
			this.exchangeBytesReceived += bytes;
			this.lastActivityNanos = now;
			if (first) {
				this.firstResponseByteNanos = now;
				this.listener.responseStart(this);
			}
		}
	}

	/**
	 * Return whether a response was due when the stream ended: request bytes went out in this exchange
	 * and no response byte came back. The end of stream then means the peer closed early.
	 * @return whether an end of stream now is premature
	 */
	public boolean responseWasDue() {
		return requestMayHaveLeft() && this.exchangeBytesReceived == 0;
	}

	/**
	 * Record that the connection was reset. Only the first call wins, so a reset seen on both the read
	 * and the write side, or by several layers, is reported once.
	 * @param event the recorded reset
	 * @return {@code true} for the first call
	 */
	public boolean markReset(ResetEvent event) {
		if (this.resetSeen.compareAndSet(false, true)) {
			this.listener.connectionReset(this, event);
			return true;
		}
		return false;
	}

	/**
	 * Return whether a reset was already recorded for this connection.
	 * @return whether the connection was reset
	 */
	public boolean isReset() {
		return this.resetSeen.get();
	}

	/** This side closed the connection; only the first call counts. */
	public void closed() {
		if (this.stage != Stage.CLOSED) {
			this.stage = Stage.CLOSED;
			this.listener.connectionClosed(this);
		}
	}

	/**
	 * Return where in the exchange a failure of the given operation happened.
	 * <p>
	 * A fresh connection on which no byte was exchanged yet is still in the {@link ResetPhase#CONNECT
	 * connect} phase: the peer reset it right after accepting it, before any request byte was accepted.
	 * That holds for a failing first write too, as long as it was no larger than {@link #WHOLE_WRITE_BYTES}:
	 * a first write on a fresh connection finds an empty send buffer and such a write is accepted whole or
	 * not at all. After a larger one, bytes may have left, and the phase is never {@code connect}.
	 * @param operation the operation that failed
	 * @return the phase
	 */
	public ResetPhase phaseOf(IoOperation operation) {
		if (operation == IoOperation.CONNECT || this.stage == Stage.CONNECTING || this.stage == Stage.NEW) {
			return ResetPhase.CONNECT;
		}
		if (operation == IoOperation.HANDSHAKE || this.stage == Stage.HANDSHAKING) {
			return ResetPhase.TLS_HANDSHAKE;
		}
		if (this.exchangeBytesReceived > 0) {
			return ResetPhase.RECEIVING_RESPONSE;
		}
		if (!isReused() && !requestMayHaveLeft()) {
			return ResetPhase.CONNECT;
		}
		return (operation == IoOperation.WRITE) ? ResetPhase.SENDING_REQUEST : ResetPhase.AWAITING_RESPONSE;
	}

	/**
	 * Return the facts about this connection as of now.
	 * @return the connection facts
	 */
	public ConnectionFacts facts() {
		long now = System.nanoTime();
		long lastSign = Math.max(orOpened(this.lastActivityNanos), orOpened(this.exchangeStartNanos));
		return new ConnectionFacts(this.id, this.localAddress, this.remoteAddress, isReused(),
				Duration.ofNanos(now - this.openedNanos), Duration.ofNanos(this.idleBeforeUseNanos),
				Duration.ofNanos(now - lastSign), this.exchangeBytesSent, this.exchangeBytesReceived, this.viaProxy,
				this.writeInDoubt);
	}

	/**
	 * Return the process-unique id of this connection.
	 * @return the id
	 */
	public long id() {
		return this.id;
	}

	/**
	 * Return the peer as {@code host:port}.
	 * @return the peer
	 */
	public String peer() {
		return this.peer;
	}

	/**
	 * Return whether the connection carried an earlier exchange.
	 * @return whether it is reused
	 */
	public boolean isReused() {
		return this.exchanges > 1;
	}

	/**
	 * Return the number of exchanges started on this connection.
	 * @return the exchange count
	 */
	public int exchanges() {
		return this.exchanges;
	}

	/**
	 * Return how long the connection sat idle before the current exchange; zero when fresh.
	 * @return the idle time in nanoseconds
	 */
	public long idleBeforeUseNanos() {
		return this.idleBeforeUseNanos;
	}

	/**
	 * Return the request bytes accepted by the kernel in the current exchange.
	 * @return bytes sent
	 */
	public long exchangeBytesSent() {
		return this.exchangeBytesSent;
	}

	/**
	 * Return whether request bytes may have left in the current exchange: some were accepted by the kernel,
	 * or a write failed too large to have been refused whole.
	 * @return whether the peer may have received part of the request
	 */
	public boolean requestMayHaveLeft() {
		return this.exchangeBytesSent > 0 || this.writeInDoubt;
	}

	/**
	 * Return the response bytes read in the current exchange.
	 * @return bytes received
	 */
	public long exchangeBytesReceived() {
		return this.exchangeBytesReceived;
	}

	/**
	 * Return when the first request byte of the current exchange was accepted, relative to the opening
	 * of the connection.
	 * @return nanoseconds since the connection opened, or -1 if no request byte was accepted yet
	 */
	public long firstRequestByteNanos() {
		return sinceOpened(this.firstRequestByteNanos);
	}

	/**
	 * Return when the current exchange started, on the {@link System#nanoTime()} clock: its first
	 * write, or the opening of the connection before any.
	 * @return the start of the current exchange in nanoseconds
	 */
	public long exchangeStartedAtNanos() {
		return orOpened(this.exchangeStartNanos);
	}

	/**
	 * Return when the first response byte of the current exchange arrived, relative to the opening of
	 * the connection.
	 * @return nanoseconds since the connection opened, or -1 if no response byte arrived yet
	 */
	public long firstResponseByteNanos() {
		return sinceOpened(this.firstResponseByteNanos);
	}

	/**
	 * Return how long ago a byte was last written or read, or the connection was established.
	 * @return nanoseconds since the last activity
	 */
	public long nanosSinceLastActivity() {
		return System.nanoTime() - orOpened(this.lastActivityNanos);
	}

	private void startExchange(long now) {
		int exchange = this.exchanges + 1;
		this.idleBeforeUseNanos = (exchange > 1) ? now - orOpened(this.lastActivityNanos) : 0;
		this.exchangeStartNanos = now;
		this.exchangeBytesSent = 0;
		this.exchangeBytesReceived = 0;
		this.writeInDoubt = false;
		this.firstRequestByteNanos = NEVER;
		this.firstResponseByteNanos = NEVER;
		this.exchanges = exchange;
		this.listener.requestStart(this);
	}

	private long orOpened(long nanos) {
		return (nanos != NEVER) ? nanos : this.openedNanos;
	}

	private long sinceOpened(long nanos) {
		return (nanos != NEVER) ? nanos - this.openedNanos : -1;
	}

	@Override
	public String toString() {
		return "connection#" + this.id + "(" + this.peer + ", " + this.stage + ", exchange " + this.exchanges + ")";
	}

	private enum Stage {

		NEW, CONNECTING, HANDSHAKING, OPEN, CLOSED

	}

}
