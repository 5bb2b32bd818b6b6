package dev.resetguard.socket;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
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
		this.listener = builder.listener;
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

	ConnectionTrace newTrace(String peer) {
		return new ConnectionTrace(peer, this.listener);
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
		return failed(trace, operation, failure, 1);
	}

	ResetEvent failed(ConnectionTrace trace, IoOperation operation, IOException failure, int attempt) {
		return this.recorder.connectionFailed(this.client, trace, operation, failure, attempt);
	}

	void responseMissing(ConnectionTrace trace) {
		this.recorder.responseMissing(this.client, trace);
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
