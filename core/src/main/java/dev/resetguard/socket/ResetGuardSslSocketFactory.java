package dev.resetguard.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerKey;
import org.jspecify.annotations.Nullable;

/**
 * An {@link SSLSocketFactory} decorator: TLS stays the delegate's (the JDK's default unless given),
 * while every socket gets Reset Guard's settings, a connect retried on resets, and a trace of the
 * plaintext exchange so a reset is classified with its phase (handshake included) and cause.
 */
public class ResetGuardSslSocketFactory extends SSLSocketFactory {

	private final SSLSocketFactory delegate;

	private final SocketInstrumentation instrumentation;

	// The plain factory owns connecting and its retries, so both open connections the same way; this one
	// only supplies the TLS sockets.
	private final ResetGuardSocketFactory connector;

	/**
	 * Create a factory over the JDK's default TLS configuration whose sockets report to the shared
	 * instrumentation of the moment.
	 */
	public ResetGuardSslSocketFactory() {
		this((SSLSocketFactory) SSLSocketFactory.getDefault(), null);
	}

	/**
	 * Create a factory over the given TLS socket factory.
	 * @param delegate makes the TLS sockets
	 * @param instrumentation the instrumentation, {@code null} for sockets that report to the shared
	 * instrumentation of the moment
	 */
	public ResetGuardSslSocketFactory(SSLSocketFactory delegate, @Nullable SocketInstrumentation instrumentation) {
		this.delegate = delegate;
		SocketInstrumentation current = (instrumentation != null) ? instrumentation
				: SocketInstrumentation.followingShared();
		this.instrumentation = current;
		this.connector = new ResetGuardSocketFactory(current,
				() -> new InstrumentedSslSocket((SSLSocket) delegate.createSocket(), current));
	}

	/**
	 * Return a factory over the JDK's default TLS configuration whose sockets report to the shared
	 * instrumentation of the moment;
	 * libraries that take a factory class name call this method reflectively.
	 * @return a factory
	 */
	public static SocketFactory getDefault() {
		return new ResetGuardSslSocketFactory();
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket() throws IOException {
		return this.connector.createSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return this.connector.createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return this.connector.createSocket(host, port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return this.connector.createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return this.connector.createSocket(address, port, localAddress, localPort);
	}

	/**
	 * Layer TLS over an open connection (as HTTP clients do for every TLS connection, and for proxy
	 * tunnels). When the connection came from {@link ResetGuardSocketFactory}, its trace carries on
	 * at the plaintext level.
	 */
	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		SocketInstrumentation current = this.instrumentation;
		ConnectionTrace trace;
		if (socket instanceof InstrumentedSocket instrumented && instrumented.trace() != null) {
			trace = instrumented.trace();
			instrumented.layerUnder();
		}
		else {
			trace = current.newTrace(PeerKey.of(host, port));
			trace.connectStarted();
			trace.connected(PeerKey.of((InetSocketAddress) socket.getLocalSocketAddress()),
					PeerKey.of((InetSocketAddress) socket.getRemoteSocketAddress()));
		}
		SSLSocket layered = (SSLSocket) this.delegate.createSocket(socket, host, port, autoClose);
		return new InstrumentedSslSocket(layered, current, trace);
	}

}
