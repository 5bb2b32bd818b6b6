package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.AttemptScope;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.CompositeConnectionListener;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.IoOperation;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import jdk.net.ExtendedSocketOptions;

/**
 * Everything Reset Guard's socket factories share: the socket settings, where resets are recorded,
 * the connection listener and the connect retry. One instance is {@link #shared() shared} for
 * factories that are created by class name (JDBC drivers, mail), which the Spring integration
 * {@link #install(SocketInstrumentation) installs} once the application context is up.
 * <p>
 * A reset seen on a stream while an {@link AttemptScope} is active on the thread is tagged with that
 * scope's client and attempt instead of this instrumentation's {@link Builder#client(ClientKind) client}.
 */
public final class SocketInstrumentation {

	private static volatile SocketInstrumentation shared = builder().build();

	private final SocketSettings settings;

	private final ResetRecorder recorder;

	private final ConnectionListener listener;

	private final ConnectRetry connectRetry;

	private final ClientKind client;

	private SocketInstrumentation(Builder builder) {
		this.settings = builder.settings;
		this.recorder = builder.recorder;
		// The active attempt's scope must learn of the reset its sockets recorded, so the call records it once.
		this.listener = CompositeConnectionListener.withResponses(builder.recorder,
				CompositeConnectionListener.of(List.of(builder.listener, AttemptScope.LISTENER)));
		this.connectRetry = builder.connectRetry;
		this.client = builder.client;
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
	 * Make the given instrumentation the shared one.
	 * @param instrumentation the instrumentation to share
	 */
	public static void install(SocketInstrumentation instrumentation) {
		shared = Objects.requireNonNull(instrumentation, "instrumentation");
	}

	/**
	 * Restore the defaults, if the given instrumentation is still the shared one.
	 * @param instrumentation the instrumentation installed before
	 */
	public static synchronized void uninstall(SocketInstrumentation instrumentation) {
		if (shared == instrumentation) {
			shared = builder().build();
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
		return this.settings;
	}

	ConnectRetry connectRetry() {
		return this.connectRetry;
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
		socket.setSoTimeout(Math.toIntExact(this.settings.readTimeout().toMillis()));
		socket.setKeepAlive(this.settings.keepAlive());
		if (this.settings.keepAlive()) {
			setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, this.settings.keepAliveIdle().toSeconds());
			setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, this.settings.keepAliveInterval().toSeconds());
		}
	}

	int connectTimeoutMillis() {
		return Math.toIntExact(this.settings.connectTimeout().toMillis());
	}

	ResetEvent failed(ConnectionTrace trace, IoOperation operation, IOException failure) {
		AttemptScope scope = AttemptScope.current();
		return (scope != null) ? this.recorder.connectionFailed(scope.client(), trace, operation, failure, scope.attempt())
				: failed(trace, operation, failure, 1);
	}

	ResetEvent failed(ConnectionTrace trace, IoOperation operation, IOException failure, int attempt) {
		return this.recorder.connectionFailed(this.client, trace, operation, failure, attempt);
	}

	void responseMissing(ConnectionTrace trace) {
		AttemptScope scope = AttemptScope.current();
		if (scope != null) {
			this.recorder.responseMissing(scope.client(), trace, scope.attempt());
		}
		else {
			this.recorder.responseMissing(this.client, trace, 1);
		}
	}

	boolean isReset(IOException failure) {
		return this.recorder.classifier().isReset(failure);
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
	 * Builds a {@link SocketInstrumentation}.
	 */
	public static final class Builder {

		private SocketSettings settings = SocketSettings.ofDefaults();

		private ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
				new CauseInference(CauseSettings.ofDefaults()), ResetEventListener.NONE);

		private ConnectionListener listener = ConnectionListener.NONE;

		private ConnectRetry connectRetry = ConnectRetry.NONE;

		private ClientKind client = ClientKind.SOCKET;

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
		 * Build the instrumentation.
		 * @return the instrumentation
		 */
		public SocketInstrumentation build() {
			return new SocketInstrumentation(this);
		}

	}

}
