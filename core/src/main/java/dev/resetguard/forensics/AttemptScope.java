package dev.resetguard.forensics;

import java.util.Objects;

/**
 * What instrumentation saw during one attempt of a blocking call: the connection the attempt used and
 * the reset recorded on it, if any. A client decoration {@link #activate() activates} the scope on the
 * calling thread around the attempt; socket instrumentation that runs on that thread (Apache HttpClient
 * 5 classic, Reset Guard's socket factories) tags what it records with the scope's client and attempt
 * and fills the scope in through {@link #LISTENER}. When the attempt fails, {@link #resolve} returns the
 * reset the sockets already recorded, with its facts, or records it from the exception alone: one reset,
 * one event.
 * <p>
 * Blocking clients only: a reactive client's attempt does not stay on one thread.
 */
public final class AttemptScope {

	/**
	 * Fills in the active scope of the calling thread: the connection an attempt opens or sends on, and
	 * the reset recorded on it. Add it to the listeners of the instrumentation whose sockets serve
	 * decorated clients.
	 */
	public static final ConnectionListener LISTENER = new ScopeListener();

	private static final ThreadLocal<AttemptScope> current = new ThreadLocal<>();

	private final ClientKind client;

	private final String peer;

	private final int attempt;

	private volatile ConnectionTrace connection;

	private volatile ResetEvent reset;

	/**
	 * Create the scope of one attempt.
	 * @param client the kind of client making the attempt
	 * @param peer the peer the call goes to, as {@code host:port}
	 * @param attempt the attempt number, 1 for the first
	 */
	public AttemptScope(ClientKind client, String peer, int attempt) {
		this.client = Objects.requireNonNull(client, "client");
		this.peer = Objects.requireNonNull(peer, "peer");
		this.attempt = attempt;
	}

	/**
	 * Return the scope active on the calling thread.
	 * @return the active scope, or {@code null} outside any attempt
	 */
	public static AttemptScope current() {
		return current.get();
	}

	/**
	 * Make this scope the active one on the calling thread until the returned activation is closed,
	 * which restores the scope active before. Activations nest.
	 * @return the activation to close
	 */
	public Activation activate() {
		AttemptScope previous = current.get();
		current.set(this);
		// Most activations have no scope to restore: they share one activation instead of making their own.
		return (previous != null) ? new Activation(previous) : Activation.OUTERMOST;
	}

	/**
	 * Return the kind of client making the attempt.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.client;
	}

	/**
	 * Return the peer the call goes to; connections opened for the attempt are traced under this name,
	 * the one its settings, budget and tags use.
	 * @return the peer as {@code host:port}
	 */
	public String peer() {
		return this.peer;
	}

	/**
	 * Return the attempt number.
	 * @return the attempt number, 1 for the first
	 */
	public int attempt() {
		return this.attempt;
	}

	/**
	 * Return the connection the attempt last opened or sent a request on.
	 * @return the connection, or {@code null} if no instrumented connection was used
	 */
	public ConnectionTrace connection() {
		return this.connection;
	}

	/**
	 * Return the reset recorded during the attempt.
	 * @return the reset, or {@code null} if none was recorded
	 */
	public ResetEvent reset() {
		return this.reset;
	}

	/**
	 * Return the reset that failed the attempt, recording it unless the sockets already did, as one the
	 * caller's retry loop decides about. A reset
	 * that no socket stream saw on the attempt's fresh connection came in the connect or the TLS
	 * handshake, which happen outside the streams, and is recorded with that connection's facts; a
	 * reset without an instrumented connection is recorded from the exception alone.
	 * @param recorder where resets are recorded
	 * @param phase the phase the caller knows the failure came in, {@link ResetPhase#UNKNOWN} if none
	 * @param failure why the attempt failed
	 * @return the reset, or {@code null} if the failure is not a reset
	 */
	public ResetEvent resolve(ResetRecorder recorder, ResetPhase phase, Throwable failure) {
		ResetEvent recorded = this.reset;
		if (recorded != null) {
			return recorded;
		}
		ConnectionTrace trace = this.connection;
		ResetEvent event = (trace != null && trace.exchanges() == 0 && !trace.isReset())
				? recorder.connectionFailed(this.client, trace, setupStep(trace), failure, this.attempt, true)
				: recorder.callFailed(this.client, this.peer, phase, failure, this.attempt, true);
		if (event != null) {
			this.reset = event;
		}
		return event;
	}

	// The client may have closed the connection by now; its remote address shows whether it connected.
	private static IoOperation setupStep(ConnectionTrace trace) {
		return (trace.facts().remoteAddress() != null) ? IoOperation.HANDSHAKE : IoOperation.CONNECT;
	}

	@Override
	public String toString() {
		return "AttemptScope[" + this.client.tagValue() + " " + this.peer + ", attempt " + this.attempt + "]";
	}

	/**
	 * An activation of a scope on the calling thread; closing it restores the scope active before.
	 */
	public static final class Activation implements AutoCloseable {

		private static final Activation OUTERMOST = new Activation(null);

		private final AttemptScope previous;

		private Activation(AttemptScope previous) {
			this.previous = previous;
		}

		/**
		 * Restore the scope that was active before.
		 */
		@Override
		public void close() {
			// Not remove(): the thread's next activation would have to allocate its map entry again.
			current.set(this.previous);
		}

	}

	private static final class ScopeListener implements ConnectionListener {

		@Override
		public void connectStart(ConnectionTrace trace) {
			AttemptScope scope = current.get();
			if (scope != null) {
				scope.connection = trace;
			}
		}

		@Override
		public void requestStart(ConnectionTrace trace) {
			AttemptScope scope = current.get();
			if (scope != null) {
				scope.connection = trace;
			}
		}

		@Override
		public void connectionReset(ConnectionTrace trace, ResetEvent event) {
			AttemptScope scope = current.get();
			if (scope != null) {
				scope.reset = event;
			}
		}

	}

}
