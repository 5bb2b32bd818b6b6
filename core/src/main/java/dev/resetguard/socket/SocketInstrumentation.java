package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.tracing.ResetGuardObservation;
import dev.resetguard.tracing.ResetObservations;
import io.micrometer.observation.Observation;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * Everything Reset Guard's socket factories share: the socket settings, where resets are recorded,
 * the connection listener and the connect retry. One instance is {@link #shared() shared} for
 * factories that are created by class name (JDBC drivers, mail), which the Spring integration
 * {@link #install(SocketInstrumentation) installs} once the application context is up and
 * {@link #uninstall(SocketInstrumentation) uninstalls} when it closes. Several contexts may live in one
 * JVM (tests, a restarted context, devtools): each installs its own, the one installed last is shared,
 * and when one closes the latest of those still installed is shared again.
 * <p>
 * A socket of such a factory reports each event to the instrumentation installed when the factory was
 * made, while that one is installed; else, or when none was, to the one shared at that moment. So a pool's
 * connection reports to the context that opened it while that context lives, then to a live one, never
 * to a closed one; and one opened while the context starts (Flyway, JPA, a startup query) has its later
 * resets recorded by the application.
 * <p>
 * A reset seen on a stream while an {@link Attempt} is active on the thread is tagged with that
 * attempt's client and number instead of this instrumentation's {@link Builder#client(ClientKind) client}.
 */
public final class SocketInstrumentation {

	private static final Object installing = new Object();

	// Guarded by installing: the installed instrumentations, oldest first; the last one is shared.
	private static final List<SocketInstrumentation> installed = new ArrayList<>();

	private static volatile SocketInstrumentation shared = builder().build();

	private static final SocketInstrumentation FOLLOWING_SHARED = new SocketInstrumentation(SocketInstrumentation::shared);

	/**
	 * Where a following instance finds the instrumentation it reports to, asked at each event; {@code null}
	 * for an instance built with its own settings, recorder and listener.
	 */
	private final @Nullable Supplier<SocketInstrumentation> source;

	/** Whether this instrumentation is installed, so that sockets bound to it may report to it. */
	private volatile boolean live;

	private final SocketSettings settings;

	private final ResetRecorder recorder;

	private final ConnectionListener listener;

	private final ConnectRetry connectRetry;

	private final ClientKind client;

	private final @Nullable ResetObservations observations;

	private SocketInstrumentation(Builder builder) {
		this.settings = builder.settings;
		this.recorder = builder.recorder;
		// The active attempt must learn of the reset its sockets recorded, so the call records it once.
		this.listener = ConnectionListener
			.of(List.of(builder.recorder.responseListener(), builder.listener, Attempt.LISTENER));
		this.connectRetry = builder.connectRetry;
		this.client = builder.client;
		this.observations = builder.observations;
		this.source = null;
	}

	// A follower's own settings, recorder, retry and client are never read: every use goes through target().
	@SuppressWarnings("NullAway")
	private SocketInstrumentation(Supplier<SocketInstrumentation> source) {
		this.source = source;
		this.listener = new FollowingListener();
		this.settings = null;
		this.recorder = null;
		this.connectRetry = null;
		this.client = null;
		this.observations = null;
	}

	/**
	 * Return the instance used by factories created without one: the application's once installed,
	 * sane defaults (settings applied, resets classified, nothing recorded) before.
	 * @return the shared instrumentation
	 */
	public static SocketInstrumentation shared() {
		return shared;
	}

	/**
	 * Make the given instrumentation the shared one, until it is uninstalled or another is installed.
	 * @param instrumentation the instrumentation to share
	 */
	public static void install(SocketInstrumentation instrumentation) {
		Objects.requireNonNull(instrumentation, "instrumentation");
		if (instrumentation.source != null) {
			throw new IllegalArgumentException("Cannot share an instrumentation that follows another one");
		}
		synchronized (installing) {
			installed.remove(instrumentation);
			installed.add(instrumentation);
			instrumentation.live = true;
			shared = instrumentation;
		}
	}

	/**
	 * Return the instrumentation of a factory created without one: it holds nothing itself and passes every
	 * event of its sockets (connect, each exchange, reset, close) to the instrumentation installed now, while
	 * that one stays installed, else to the {@link #shared() shared} one of that moment, at the cost of two
	 * volatile reads per event.
	 * @return the instrumentation that follows the installed or shared one
	 */
	static SocketInstrumentation followingShared() {
		SocketInstrumentation current = shared;
		if (!current.live) {
			return FOLLOWING_SHARED;
		}
		return new SocketInstrumentation(() -> current.live ? current : shared);
	}

	/**
	 * Stop sharing the given instrumentation: the latest one still installed is shared again, or the
	 * defaults when none is. Sockets that reported to it report to the shared one from now on.
	 * @param instrumentation the instrumentation installed before
	 */
	public static void uninstall(SocketInstrumentation instrumentation) {
		synchronized (installing) {
			if (installed.remove(instrumentation)) {
				instrumentation.live = false;
				shared = installed.isEmpty() ? builder().build() : installed.get(installed.size() - 1);
			}
		}
	}

	/**
	 * Return a builder with default settings that records nothing.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the settings applied to every socket.
	 * @return the settings
	 */
	public SocketSettings settings() {
		return target().settings;
	}

	ConnectRetry connectRetry() {
		return target().connectRetry;
	}

	/**
	 * Start the trace of a connection that another library opens and owns, such as an HTTP client's
	 * pooled connection, for use with {@link #instrument(InputStream, ConnectionTrace)} and
	 * {@link #instrument(OutputStream, ConnectionTrace)}.
	 * @param peer the peer as {@code host:port} (see {@link dev.resetguard.forensics.PeerKey})
	 * @return a new trace that tells this instrumentation's listener about every step
	 */
	public ConnectionTrace newTrace(String peer) {
		return new ConnectionTrace(peer, this.listener);
	}

	/**
	 * Wrap the input stream of a connection so that it keeps the trace up to date and reports a reset
	 * the moment a read fails with one, or ends where a response was due.
	 * @param input the connection's input stream (the plaintext one, for TLS)
	 * @param trace the connection's trace
	 * @return the instrumented stream
	 */
	public InputStream instrument(InputStream input, ConnectionTrace trace) {
		return new InstrumentedInputStream(input, trace, this, null);
	}

	/**
	 * Wrap the output stream of a connection so that it keeps the trace up to date and reports a reset
	 * the moment a write fails with one.
	 * @param output the connection's output stream (the plaintext one, for TLS)
	 * @param trace the connection's trace
	 * @return the instrumented stream
	 */
	public OutputStream instrument(OutputStream output, ConnectionTrace trace) {
		return new InstrumentedOutputStream(output, trace, this, null);
	}

	void configure(Socket socket) throws SocketException {
		SocketSettings current = settings();
		socket.setSoTimeout(Math.toIntExact(current.readTimeout().toMillis()));
		socket.setKeepAlive(current.keepAlive());
		if (current.keepAlive()) {
			setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, current.keepAliveIdle().toSeconds());
			setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, current.keepAliveInterval().toSeconds());
		}
	}

	int connectTimeoutMillis() {
		return Math.toIntExact(settings().connectTimeout().toMillis());
	}

	// Within an active attempt the retry loop around the client decides about the reset; outside one, the
	// socket's bytes belong to its caller and no retry loop of ours decides.
	@Nullable ResetEvent failed(ConnectionTrace trace, IoOperation operation, IOException failure) {
		Attempt scope = Attempt.current();
		SocketInstrumentation target = target();
		if (scope != null) {
			return target.recorder.connectionFailed(scope.client(), trace, operation, failure, scope.number(), scope.decides());
		}
		ResetEvent reset = target.recorder.connectionFailed(target.client, trace, operation, failure, 1, false);
		target.observe(reset, ResetObservations.NOT_DECIDED, 0);
		return reset;
	}

	void connectFailed(ConnectionTrace trace, IOException failure, ConnectAttempt attempt) {
		SocketInstrumentation target = target();
		boolean decisionDue = attempt.retried() || Attempt.current() != null;
		attempt.reset(target.recorder.connectionFailed(target.client, trace, IoOperation.CONNECT, failure,
				attempt.number(), decisionDue));
	}

	void decided(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		SocketInstrumentation target = target();
		target.recorder.decided(reset, decision, backoffNanos);
		target.observe(reset, decision.tagValue(), backoffNanos);
	}

	/**
	 * Start observing the backoff before a connect is retried, as a child of the observation open on the
	 * thread; the caller stops it when the backoff ends.
	 * @param peer the peer
	 * @param nextAttempt the connect attempt the backoff comes before
	 * @return the started observation, {@code null} when tracing is off or no observation is open
	 */
	@Nullable Observation startBackoff(String peer, int nextAttempt) {
		SocketInstrumentation target = target();
		ResetObservations observations = target.observations;
		if (observations == null) {
			return null;
		}
		Observation current = observations.current();
		return (current != null)
				? observations.startWait(ResetGuardObservation.BACKOFF, current, target.client, peer, nextAttempt)
				: null;
	}

	// The observation open on the thread now: a held reset is published later, maybe on another thread.
	private void observe(@Nullable ResetEvent reset, String decision, long backoffNanos) {
		ResetObservations observations = this.observations;
		if (observations == null || reset == null) {
			return;
		}
		Observation current = observations.current();
		if (current != null) {
			this.recorder.afterPublished(reset,
					(published) -> observations.resetDecided(current, published, decision, backoffNanos));
		}
	}

	void responseMissing(ConnectionTrace trace) {
		SocketInstrumentation target = target();
		Attempt scope = Attempt.current();
		if (scope != null) {
			target.recorder.responseMissing(scope.client(), trace, scope.number(), scope.decides());
		}
		else {
			target.observe(target.recorder.responseMissing(target.client, trace, 1, false), ResetObservations.NOT_DECIDED,
					0);
		}
	}

	boolean isReset(IOException failure) {
		return target().recorder.classifier().isReset(failure);
	}

	private SocketInstrumentation target() {
		return (this.source != null) ? this.source.get() : this;
	}

	private static void setIfSupported(Socket socket, java.net.SocketOption<Integer> option, long seconds)
			throws SocketException {
		if (socket.supportedOptions().contains(option)) {
			try {
				socket.setOption(option, (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds)));
			}
			catch (IOException ex) {
				throw (ex instanceof SocketException socketException) ? socketException
						: new SocketException(ex.getMessage());
			}
		}
	}

	/**
	 * The listener of a following instrumentation's connections: passes each callback to the listener of
	 * the instrumentation it follows at that moment.
	 */
	private final class FollowingListener implements ConnectionListener {

		@Override
		public void connectStart(ConnectionTrace trace) {
			listener().connectStart(trace);
		}

		@Override
		public void connectEnd(ConnectionTrace trace) {
			listener().connectEnd(trace);
		}

		@Override
		public void connectFailed(ConnectionTrace trace, IOException failure) {
			listener().connectFailed(trace, failure);
		}

		@Override
		public void handshakeStart(ConnectionTrace trace) {
			listener().handshakeStart(trace);
		}

		@Override
		public void handshakeEnd(ConnectionTrace trace) {
			listener().handshakeEnd(trace);
		}

		@Override
		public void requestStart(ConnectionTrace trace) {
			listener().requestStart(trace);
		}

		@Override
		public void responseStart(ConnectionTrace trace) {
			listener().responseStart(trace);
		}

		@Override
		public void connectionReset(ConnectionTrace trace, ResetEvent event) {
			listener().connectionReset(trace, event);
		}

		@Override
		public void connectionClosed(ConnectionTrace trace) {
			listener().connectionClosed(trace);
		}

		private ConnectionListener listener() {
			return target().listener;
		}

	}

	/**
	 * Builds a {@link SocketInstrumentation}.
	 */
	public static final class Builder {

		private SocketSettings settings = SocketSettings.ofDefaults();

		private ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
				new CauseInference(CauseSettings.ofDefaults()), ResetEventListener.NONE);

		private ConnectionListener listener = ConnectionListener.NONE;

		private ConnectRetry connectRetry = ConnectRetry.NONE;

		private ClientKind client = ClientKind.SOCKET;

		private @Nullable ResetObservations observations;

		private Builder() {
		}

		/**
		 * Tag resets with the given kind of client, for sockets made on behalf of an HTTP client;
		 * {@link ClientKind#SOCKET} by default.
		 * @param client the kind of client
		 * @return this builder
		 */
		public Builder client(ClientKind client) {
			this.client = Objects.requireNonNull(client, "client");
			return this;
		}

		/**
		 * Use the given socket settings.
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(SocketSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings");
			return this;
		}

		/**
		 * Record resets with the given recorder.
		 * @param recorder the recorder
		 * @return this builder
		 */
		public Builder recorder(ResetRecorder recorder) {
			this.recorder = Objects.requireNonNull(recorder, "recorder");
			return this;
		}

		/**
		 * Tell the given listener about every step of every connection.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(ConnectionListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			return this;
		}

		/**
		 * Retry a connect that a reset interrupted as the given policy says.
		 * @param connectRetry the connect retry policy
		 * @return this builder
		 */
		public Builder connectRetry(ConnectRetry connectRetry) {
			this.connectRetry = Objects.requireNonNull(connectRetry, "connectRetry");
			return this;
		}

		/**
		 * Record the resets of sockets that no retry loop of Reset Guard's runs around, and the connect
		 * retries, in the observation open on the thread that meets them: the caller's. Without it, none is
		 * touched.
		 * @param observations the observations
		 * @return this builder
		 */
		public Builder observations(ResetObservations observations) {
			this.observations = Objects.requireNonNull(observations, "observations");
			return this;
		}

		/**
		 * Build the instrumentation.
		 * @return the instrumentation
		 */
		public SocketInstrumentation build() {
			return new SocketInstrumentation(this);
		}

	}

}
