package dev.resetguard.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;

import javax.net.SocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * A {@link SocketFactory} whose sockets apply Reset Guard's keep-alive and timeout settings, classify
 * every reset with its phase and cause the moment it happens, and retry a connect that a reset
 * interrupted. The public no-arg constructor and {@link #getDefault()} serve libraries that take a
 * factory class name (JDBC drivers, mail): their sockets report each event to the
 * {@link SocketInstrumentation#shared() shared} instrumentation of that moment, which carries the
 * application's settings, meters and events once the Spring context is up, so a connection a pool
 * opened while the context started has its later resets recorded too.
 */
public class ResetGuardSocketFactory extends SocketFactory {

	private final SocketInstrumentation instrumentation;

	private final RetryingConnect.FreshSocket<?> sockets;

	/**
	 * Create a factory whose sockets report to the shared instrumentation of the moment.
	 */
	public ResetGuardSocketFactory() {
		this(SocketInstrumentation.followingShared());
	}

	/**
	 * Create a factory with its own instrumentation.
	 * @param instrumentation the instrumentation
	 */
	public ResetGuardSocketFactory(SocketInstrumentation instrumentation) {
		this(instrumentation, () -> new InstrumentedSocket(instrumentation));
	}

	/**
	 * Create a factory that connects sockets of another kind, as {@link ResetGuardSslSocketFactory} does
	 * with TLS ones.
	 * @param instrumentation the instrumentation
	 * @param sockets makes an unconnected socket for {@link #createSocket()} and for each connect attempt
	 */
	ResetGuardSocketFactory(SocketInstrumentation instrumentation, RetryingConnect.FreshSocket<?> sockets) {
		this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation");
		this.sockets = sockets;
	}

	/**
	 * Return a factory that uses the shared instrumentation; libraries that take a factory class name
	 * call this method reflectively.
	 * @return a factory
	 */
	public static SocketFactory getDefault() {
		return new ResetGuardSocketFactory();
	}

	@Override
	public Socket createSocket() throws IOException {
		return this.sockets.create();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connect(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connect(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket connect(InetSocketAddress remote, @Nullable InetSocketAddress local) throws IOException {
		return RetryingConnect.open(this.instrumentation, remote, local, this.sockets);
	}

}
