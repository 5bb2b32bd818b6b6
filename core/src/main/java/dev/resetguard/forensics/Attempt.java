package dev.resetguard.forensics;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of a call, as its retry loop and the connection instrumentation share it: the peer and
 * attempt number the instrumentation tags what it records with, the connection that serves the attempt
 * and the reset recorded on it, so that the retry loop decides with the facts of that very connection.
 * <p>
 * A blocking client {@link #activate() activates} it on the calling thread around the attempt, where
 * socket instrumentation fills it in through {@link #LISTENER}; an asynchronous client hands it down with
 * the request, in Reactor's context under {@link #CONTEXT_KEY}, and the channel that serves it
 * {@link #bind binds} its connection, {@link #resetRecorded attaches} its reset and tells it when
 * {@link #exchangeEnded the exchange ends}. A reactive call may be one attempt object for all its attempts
 * in turn (see {@link #begin}), which is why this class is open: such a call extends it rather than wrap it.
 * <p>
 * Thread-safe: the retry loop and the I/O thread of the connection read and write it concurrently.
 */
public class Attempt {

	/** Key under which the attempt travels with the request in Reactor's context. */
	public static final Object CONTEXT_KEY = Attempt.class;

	/**
	 * Fills in the attempt active on the calling thread: the connection it opens or sends on, and the
	 * reset recorded on it. Add it to the listeners of the instrumentation whose sockets serve decorated
	 * blocking clients.
	 */
	public static final ConnectionListener LISTENER = new ThreadListener();

	private static final ThreadLocal<Attempt> current = new ThreadLocal<>();

	private final ClientKind client;

	private final String peer;

	private volatile int number;

	private volatile @Nullable ConnectionTrace connection;

	private volatile @Nullable ResetEvent reset;

	/**
	 * Create an attempt.
	 * @param client the kind of client making the attempt
	 * @param peer the peer the call goes to, as {@code host:port} (see {@link PeerKey})
	 * @param number the attempt number, 1 for the first
	 */
	public Attempt(ClientKind client, String peer, int number) {
		this.client = Objects.requireNonNull(client, "client");
		this.peer = Objects.requireNonNull(peer, "peer");
		this.number = checkNumber(number);
	}

	/**
	 * Return the attempt active on the calling thread.
	 * @return the active attempt, {@code null} outside any attempt of a blocking call
	 */
	public static @Nullable Attempt current() {
		return current.get();
	}

	/**
	 * Make this attempt the active one on the calling thread until the returned activation is closed,
	 * which restores the attempt active before. Activations nest.
	 * @return the activation to close
	 */
	public Activation activate() {
		Attempt previous = current.get();
		current.set(this);
		// Most activations have nothing to restore: they share one activation instead of making their own.
		return (previous != null) ? new Activation(previous) : Activation.OUTERMOST;
	}

	/**
	 * Return the kind of client making the attempt.
	 * @return the client kind
	 */
	public final ClientKind client() {
		return this.client;
	}

	/**
	 * Return the peer the call goes to; connections opened for the attempt are traced under this name,
	 * the one its settings, budget and tags use.
	 * @return the peer as {@code host:port}
	 */
	public final String peer() {
		return this.peer;
	}

	/**
	 * Return the attempt number.
	 * @return the attempt number, 1 for the first
	 */
	public final int number() {
		return this.number;
	}

	/**
	 * Return whether the retry loop reports what it decides about this attempt's reset to the
	 * {@link ResetRecorder}, which then holds the reset until it is decided, as Reset Guard's own loops do.
	 * A loop that does not overrides this to have the reset published at once, without a decision; a
	 * method rather than a field, which would cost every attempt of every blocking call 8 B.
	 * @return whether the retry loop reports its decisions, {@code true} here
	 */
	public boolean decides() {
		return true;
	}

	/**
	 * Move on to the given attempt of the call, forgetting the connection and reset of the one before:
	 * a channel still serving the attempt before finds that it no longer speaks for this one.
	 * @param number the attempt number
	 */
	protected final void begin(int number) {
		// In this order: a channel that sees no connection can no longer attach a reset that then survives.
		this.connection = null;
		this.reset = null;
		this.number = checkNumber(number);
	}

	/**
	 * Record that the attempt now runs on the given connection, being opened or taken from a pool.
	 * @param connection the connection's trace
	 */
	public final void bind(ConnectionTrace connection) {
		this.connection = Objects.requireNonNull(connection, "connection");
	}

	/**
	 * Return the connection the attempt runs on, the one it last opened or sent a request on.
	 * @return the connection's trace, {@code null} if no instrumented connection served it
	 */
	public final @Nullable ConnectionTrace connection() {
		return this.connection;
	}

	/**
	 * Attach the reset recorded for a connection, if that connection is the one serving this attempt;
	 * a connection the attempt has moved away from cannot speak for it.
	 * @param connection the connection the reset was recorded for
	 * @param event the recorded reset
	 * @return whether the reset was attached
	 */
	public boolean resetRecorded(ConnectionTrace connection, ResetEvent event) {
		if (this.connection != connection) {
			return false;
		}
		this.reset = Objects.requireNonNull(event, "event");
		return true;
	}

	/**
	 * Return the reset recorded for this attempt's connection while it served this attempt.
	 * @return the reset, {@code null} if none was recorded
	 */
	public final @Nullable ResetEvent reset() {
		return this.reset;
	}

	/**
	 * Record that the connection is done with the attempt's exchange: its response completed, the
	 * connection went back to the pool, or it closed. Nothing to do here; a call that learns from it when
	 * it ends overrides it, and must ignore a connection it has moved away from.
	 * @param connection the connection
	 */
	public void exchangeEnded(ConnectionTrace connection) {
	}

	/**
	 * Return the reset that failed the attempt of a blocking call, recording it unless the sockets already
	 * did, as one the caller's retry loop decides about. A reset that no socket stream saw on the
	 * attempt's fresh connection came in the connect or the TLS handshake, which happen outside the
	 * streams, and is recorded with that connection's facts; a reset without an instrumented connection
	 * is recorded from the exception alone.
	 * @param recorder where resets are recorded
	 * @param phase the phase the caller knows the failure came in, {@link ResetPhase#UNKNOWN} if none
	 * @param failure why the attempt failed
	 * @return the reset, {@code null} if the failure is not a reset
	 */
	public final @Nullable ResetEvent resolve(ResetRecorder recorder, ResetPhase phase, Throwable failure) {
		ResetEvent recorded = this.reset;
		if (recorded != null) {
			return recorded;
		}
		ConnectionTrace trace = this.connection;
		int attempt = this.number;
		ResetEvent event = (trace != null && trace.exchanges() == 0 && !trace.isReset())
				? recorder.connectionFailed(this.client, trace, setupStep(trace), failure, attempt, true)
				: recorder.callFailed(this.client, this.peer, phase, failure, attempt, true);
		if (event != null) {
			this.reset = event;
		}
		return event;
	}

	// The client may have closed the connection by now; its remote address shows whether it connected.
	private static IoOperation setupStep(ConnectionTrace trace) {
		return (trace.facts().remoteAddress() != null) ? IoOperation.HANDSHAKE : IoOperation.CONNECT;
	}

	private static int checkNumber(int number) {
		if (number < 1) {
			throw new IllegalArgumentException("number must be at least 1, but was " + number);
		}
		return number;
	}

	@Override
	public String toString() {
		return "Attempt[" + this.client.tagValue() + " " + this.peer + ", attempt " + this.number + "]";
	}

	/**
	 * An activation of an attempt on the calling thread; closing it restores the attempt active before.
	 */
	public static final class Activation implements AutoCloseable {

		private static final Activation OUTERMOST = new Activation(null);

		private final @Nullable Attempt previous;

		private Activation(@Nullable Attempt previous) {
			this.previous = previous;
		}

		/**
		 * Restore the attempt that was active before.
		 */
		@Override
		public void close() {
			// Not remove(): the thread's next activation would have to allocate its map entry again.
			current.set(this.previous);
		}

	}

	// A blocking attempt's sockets serve it alone, one after another, so the last one seen speaks for it.
	private static final class ThreadListener implements ConnectionListener {

		@Override
		public void connectStart(ConnectionTrace trace) {
			Attempt attempt = current.get();
			if (attempt != null) {
				attempt.connection = trace;
			}
		}

		@Override
		public void requestStart(ConnectionTrace trace) {
			Attempt attempt = current.get();
			if (attempt != null) {
				attempt.connection = trace;
			}
		}

		@Override
		public void connectionReset(ConnectionTrace trace, ResetEvent event) {
			Attempt attempt = current.get();
			if (attempt != null) {
				attempt.reset = event;
			}
		}

	}

}
