package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerKey;
import org.jspecify.annotations.Nullable;

/**
 * A plain TCP socket whose connect and streams keep a {@link ConnectionTrace}, so that a reset is
 * classified with its phase and cause at the moment it happens.
 */
final class InstrumentedSocket extends Socket implements RetryingConnect.Connectable {

	private final SocketInstrumentation instrumentation;

	private volatile @Nullable ConnectionTrace trace;

	private volatile boolean layered;

	private @Nullable InputStream input;

	private @Nullable OutputStream output;

	InstrumentedSocket(SocketInstrumentation instrumentation) throws IOException {
		this.instrumentation = instrumentation;
		instrumentation.configure(this);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		connect(endpoint, timeout, ConnectAttempt.UNRETRIED);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout, ConnectAttempt attempt) throws IOException {
		ConnectionTrace connectionTrace = this.instrumentation.newTrace(peerOf(endpoint));
		this.trace = connectionTrace;
		connectionTrace.connectStarted();
		try {
			super.connect(endpoint, (timeout > 0) ? timeout : this.instrumentation.connectTimeoutMillis());
		}
		catch (IOException ex) {
			connectionTrace.connectFailed(ex);
			this.instrumentation.connectFailed(connectionTrace, ex, attempt);
			throw ex;
		}
		connectionTrace.connected(PeerKey.of((InetSocketAddress) getLocalSocketAddress()),
				PeerKey.of((InetSocketAddress) getRemoteSocketAddress()));
	}

	/**
	 * Hand this socket's trace over to a TLS socket layered on top of it: from now on its streams pass
	 * bytes through untouched, since TLS records are not request or response bytes, and the TLS socket
	 * reports the close (the JDK's TLS socket closes this one on a fatal error, before the error
	 * reaches the code that records the reset).
	 */
	void layerUnder() {
		this.layered = true;
	}

	@Nullable ConnectionTrace trace() {
		return this.trace;
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		if (this.layered || this.trace == null) {
			return super.getInputStream();
		}
		if (this.input == null) {
			this.input = new InstrumentedInputStream(super.getInputStream(), this.trace, this.instrumentation, null);
		}
		return this.input;
	}

	@Override
	public synchronized OutputStream getOutputStream() throws IOException {
		if (this.layered || this.trace == null) {
			return super.getOutputStream();
		}
		if (this.output == null) {
			this.output = new InstrumentedOutputStream(super.getOutputStream(), this.trace, this.instrumentation, null);
		}
		return this.output;
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			ConnectionTrace connectionTrace = this.trace;
			if (connectionTrace != null && !this.layered) {
				connectionTrace.closed();
			}
		}
	}

	private static String peerOf(SocketAddress endpoint) {
		return (endpoint instanceof InetSocketAddress address) ? PeerKey.of(address) : String.valueOf(endpoint);
	}

}
