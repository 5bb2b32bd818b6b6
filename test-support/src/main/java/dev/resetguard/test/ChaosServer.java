package dev.resetguard.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A loopback server, HTTP/1.1 or raw TCP echo, plain or TLS, that injects real TCP resets on demand and
 * records each one in its {@link ChaosLedger}. Faults are chosen with {@link #always(Toxic)},
 * {@link #next(int, Toxic)}, {@link #sometimes(double, long, Toxic)}, the {@code X-Chaos-Toxic} request
 * header, {@link #idleTimeout}, {@link #restart(Duration)} and {@link #restartGracefully(Duration)}.
 *
 * <p>In HTTP mode, paths {@code /bytes/{n}}, {@code /status/{code}} and {@code /delay/{ms}} shape the
 * answer, a request with {@code X-Chaos-Chunked: true} gets a chunked response, and any other request is
 * answered {@code 200 ok}.
 */
public final class ChaosServer implements AutoCloseable {

	/**
	 * Request header naming the toxic for that request, in the form {@link Toxic#parse(String)} reads;
	 * {@code reset-on-accept} cannot apply to a request and is answered 400.
	 */
	public static final String TOXIC_HEADER = "X-Chaos-Toxic";

	/**
	 * Request header that, set to {@code true}, asks for a chunked response.
	 */
	public static final String CHUNKED_HEADER = "X-Chaos-Chunked";

	/**
	 * Longest silence, idle timeout or downtime accepted: far beyond any test, and safe to count in
	 * nanoseconds.
	 */
	static final Duration MAX_DURATION = Duration.ofDays(1);

	private static final Duration ACCEPT_THREAD_JOIN = Duration.ofSeconds(2);

	private static final Duration THREADS_JOIN = Duration.ofSeconds(5);

	private final InetAddress bindAddress;

	private final @Nullable ChaosTls tls;

	private final boolean raw;

	private final ChaosLedger ledger = new ChaosLedger();

	private final ToxicSchedule schedule = new ToxicSchedule();

	private final ConnectionRegistry registry = new ConnectionRegistry();

	private final ServerThreads threads = new ServerThreads();

	private final CountDownLatch stopping = new CountDownLatch(1);

	private final AtomicLong connectionIds = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AcceptLoop acceptLoop;

	private final IdleReaper idleReaper;

	private final Thread acceptThread;

	private ChaosServer(Builder builder) throws IOException {
		this.bindAddress = builder.bindAddress;
		this.tls = builder.tls;
		this.raw = builder.raw;
		this.acceptLoop = new AcceptLoop(this.bindAddress, this::accepted, this.stopping);
		this.idleReaper = new IdleReaper(this.registry, this.stopping);
		this.acceptThread = this.threads.start(threadName("accept"), this.acceptLoop);
		this.threads.start(threadName("idle"), this.idleReaper);
	}

	/**
	 * Start an HTTP/1.1 server on {@code 127.0.0.1} and an ephemeral port.
	 * @return the running server
	 */
	public static ChaosServer start() {
		return builder().start();
	}

	/**
	 * Return a builder for a server bound elsewhere, with TLS or in raw echo mode.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the port the server listens on; it stays the same across {@link #restart(Duration)}.
	 * @return the port
	 */
	public int port() {
		return this.acceptLoop.port();
	}

	/**
	 * Return the host as written in a URL: {@code 127.0.0.1} or {@code [::1]}.
	 * @return the host literal
	 */
	public String host() {
		if (this.bindAddress instanceof Inet6Address) {
			return "[" + ipv6Literal() + "]";
		}
		return this.bindAddress.getHostAddress();
	}

	/**
	 * Return the address to connect to.
	 * @return the socket address
	 */
	public InetSocketAddress address() {
		return new InetSocketAddress(this.bindAddress, port());
	}

	/**
	 * Return the URL of a path on this server, {@code https} when the server uses TLS.
	 * @param path the path, with or without the leading slash, possibly with a query
	 * @return the URL, e.g. {@code http://127.0.0.1:8080/x}
	 */
	public String url(String path) {
		String scheme = (this.tls != null) ? "https" : "http";
		String normalized = path.startsWith("/") ? path : "/" + path;
		return scheme + "://" + host() + ":" + port() + normalized;
	}

	/**
	 * Return the TLS material this server uses.
	 * @return the TLS material, {@code null} for a plain server
	 */
	public @Nullable ChaosTls tls() {
		return this.tls;
	}

	/**
	 * Whether this server echoes raw TCP instead of speaking HTTP.
	 * @return {@code true} in raw echo mode
	 */
	public boolean isRaw() {
		return this.raw;
	}

	/**
	 * Apply {@code toxic} to every request (every connection, for a connection-level toxic or in raw mode)
	 * until {@link #heal()}, replacing any earlier {@code always} toxic. {@link #next} allowances take
	 * precedence while they last.
	 * @param toxic the toxic
	 */
	public void always(Toxic toxic) {
		this.schedule.always(Objects.requireNonNull(toxic, "toxic must not be null"));
	}

	/**
	 * Apply {@code toxic} to the next {@code count} requests (connections, for a connection-level toxic or
	 * in raw mode), then stop. Successive calls queue up in order.
	 * @param count how many requests or connections to affect
	 * @param toxic the toxic
	 */
	public void next(int count, Toxic toxic) {
		Objects.requireNonNull(toxic, "toxic must not be null");
		if (count <= 0) {
			throw new IllegalArgumentException("count must be positive: " + count);
		}
		this.schedule.next(count, toxic);
	}

	/**
	 * Apply {@code toxic} to each request (connection, for a connection-level toxic or in raw mode) with the
	 * given probability, drawn from a sequence seeded with {@code seed}, until {@link #heal()}; replaces any
	 * earlier {@code sometimes} toxic. The same seed affects the same share of the same number of requests
	 * in every run, so competing clients meet the same faults. {@link #next} allowances take precedence, and
	 * a request this toxic spares still gets the {@link #always} toxic, if any.
	 * @param probability the probability that a request is affected, from 0 to 1
	 * @param seed the seed of the draws
	 * @param toxic the toxic
	 */
	public void sometimes(double probability, long seed, Toxic toxic) {
		Objects.requireNonNull(toxic, "toxic must not be null");
		if (!(probability >= 0 && probability <= 1)) {
			throw new IllegalArgumentException("probability must be between 0 and 1: " + probability);
		}
		this.schedule.sometimes(probability, seed, toxic);
	}

	/**
	 * Remove every toxic set with {@link #always}, {@link #next} or {@link #sometimes}; idle timeout and
	 * restarts are unaffected.
	 */
	public void heal() {
		this.schedule.heal();
	}

	/**
	 * Close keep-alive connections that stay idle (no request in progress) for {@code after}, by RST or
	 * FIN; each close is recorded as {@link ToxicKind#IDLE_CLOSE_RST} or {@link ToxicKind#IDLE_CLOSE_FIN}.
	 * @param after the idle time, at most one day, {@code null} to turn idle closing off
	 * @param mode how to close
	 */
	public void idleTimeout(@Nullable Duration after, CloseMode mode) {
		if (after != null) {
			Objects.requireNonNull(mode, "mode must not be null");
			if (after.isNegative() || after.compareTo(MAX_DURATION) > 0) {
				throw new IllegalArgumentException("after must be between 0 and " + MAX_DURATION + ": " + after);
			}
		}
		this.idleReaper.configure(after, mode);
	}

	/**
	 * Stop closing idle connections.
	 */
	public void clearIdleTimeout() {
		this.idleReaper.configure(null, null);
	}

	/**
	 * Simulate a crash and restart: stop listening (connects are refused), reset every open connection
	 * (each recorded as {@link ToxicKind#RESTART}), and listen on the same port again after
	 * {@code downtime}. Returns once the resets are done and the listener is closed. With a downtime of zero
	 * the restart is instant: the port listens again at once, refusing only the connects that land in the
	 * microseconds between closing the listener and binding it again.
	 * @param downtime how long the port refuses connections, at most one day
	 * @return a future that completes when the server listens again
	 * @throws IllegalStateException if the server is closed or already restarting
	 */
	public CompletableFuture<Void> restart(Duration downtime) {
		requireRestartable(downtime);
		CompletableFuture<Void> listening = this.acceptLoop.goDown(downtime, this::refused);
		this.registry.resetAll(ToxicKind.RESTART);
		return listening;
	}

	/**
	 * Simulate a graceful restart, the way an HTTP server shuts down cleanly and comes back (Go's
	 * {@code Server.Shutdown}, Tomcat's and Jetty's graceful shutdown, {@code nginx -s quit}): stop
	 * listening (connects are refused), close every idle keep-alive connection with a FIN, answer each request
	 * in progress with {@code Connection: close} and then close its connection with a FIN, and listen on the
	 * same port again after {@code downtime}. HTTP/1.1 has no message a server may send unasked, so an idle
	 * connection's last message is its FIN, where a database sends an error notice first; a connection still
	 * in the accept queue is closed unserved. Each connection closed so is recorded as
	 * {@link ToxicKind#GRACEFUL_RESTART}; nothing is reset, though a client that writes into a closed
	 * connection gets a reset from the kernel. Returns once the listener and the idle connections are closed.
	 * @param downtime how long the port refuses connections, at most one day
	 * @return a future that completes when the server listens again
	 * @throws IllegalStateException if the server is closed or already restarting
	 */
	public CompletableFuture<Void> restartGracefully(Duration downtime) {
		requireRestartable(downtime);
		CompletableFuture<Void> listening = this.acceptLoop.goDown(downtime, this::closedUnserved);
		this.registry.closeAllGracefully(ToxicKind.GRACEFUL_RESTART);
		return listening;
	}

	/**
	 * Return the record of what this server did.
	 * @return the ledger
	 */
	public ChaosLedger ledger() {
		return this.ledger;
	}

	/**
	 * Stop listening, close every connection (normally, without recording anything) and join every
	 * thread the server started.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.stopping.countDown();
		this.acceptLoop.wakeup();
		try {
			this.acceptThread.join(ACCEPT_THREAD_JOIN.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.registry.closeAll();
		this.threads.join(THREADS_JOIN);
	}

	@Override
	public String toString() {
		return "ChaosServer[" + (this.raw ? "raw" : "http") + ((this.tls != null) ? "+tls" : "") + " " + host()
				+ ":" + port() + "]";
	}

	private void accepted(SocketChannel channel) {
		this.ledger.connectionAccepted();
		ChaosConnection connection = open(channel);
		if (connection == null) {
			return;
		}
		Toxic toxic = this.schedule.takeForConnection(this.raw);
		if (toxic != null && toxic.isConnectionLevel()) {
			connection.reset(toxic.kind());
			return;
		}
		this.registry.add(connection);
		try {
			this.threads.start(threadName(String.valueOf(connection.id())), () -> serve(connection, toxic));
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			// No thread to serve it (typically the process hit its thread limit): drop the connection.
			this.registry.remove(connection);
			connection.close();
		}
	}

	private void refused(SocketChannel channel) {
		this.ledger.connectionAccepted();
		ChaosConnection connection = open(channel);
		if (connection != null) {
			connection.reset(ToxicKind.RESTART);
		}
	}

	private void closedUnserved(SocketChannel channel) {
		this.ledger.connectionAccepted();
		ChaosConnection connection = open(channel);
		if (connection != null) {
			connection.finish(ToxicKind.GRACEFUL_RESTART);
		}
	}

	private void requireRestartable(Duration downtime) {
		Objects.requireNonNull(downtime, "downtime must not be null");
		if (downtime.isNegative() || downtime.compareTo(MAX_DURATION) > 0) {
			throw new IllegalArgumentException("downtime must be between 0 and " + MAX_DURATION + ": " + downtime);
		}
		if (this.closed.get()) {
			throw new IllegalStateException("The server is closed");
		}
	}

	private @Nullable ChaosConnection open(SocketChannel channel) {
		try {
			channel.configureBlocking(true);
			Socket socket = channel.socket();
			socket.setTcpNoDelay(true);
			return new ChaosConnection(this.connectionIds.incrementAndGet(), socket, this.ledger);
		}
		catch (IOException ex) {
			try {
				channel.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			return null;
		}
	}

	private void serve(ChaosConnection connection, @Nullable Toxic toxic) {
		try {
			if (this.tls != null) {
				connection.startTls(this.tls.serverContext());
			}
			if (this.raw) {
				new RawEchoHandler(connection, toxic, this.stopping).serve();
			}
			else {
				new HttpExchangeHandler(connection, this.schedule, this.ledger, this.stopping).serve();
			}
		}
		catch (IOException ex) {
			// The client went away, reset us, or failed the TLS handshake: nothing to answer.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			connection.close();
			this.registry.remove(connection);
		}
	}

	private String threadName(String suffix) {
		return "chaos-" + port() + "-" + suffix;
	}

	private String ipv6Literal() {
		return this.bindAddress.isLoopbackAddress() ? "::1" : this.bindAddress.getHostAddress();
	}

	/**
	 * Configures and starts a {@link ChaosServer}.
	 */
	public static final class Builder {

		private InetAddress bindAddress = ipv4Loopback();

		private @Nullable ChaosTls tls;

		private boolean raw;

		private Builder() {
		}

		/**
		 * Bind to a loopback address other than {@code 127.0.0.1}, such as {@code ::1}.
		 * @param address a loopback address
		 * @return this builder
		 * @throws IllegalArgumentException if the address is not a loopback address
		 */
		public Builder bindAddress(InetAddress address) {
			Objects.requireNonNull(address, "address must not be null");
			if (!address.isLoopbackAddress()) {
				throw new IllegalArgumentException("A chaos server listens on loopback only, not on " + address);
			}
			this.bindAddress = address;
			return this;
		}

		/**
		 * Serve TLS with the given material; toxics then apply after the handshake, except
		 * {@link Toxic#resetOnAccept()}, which resets before it.
		 * @param tls the TLS material, usually {@link ChaosTls#selfSigned()}
		 * @return this builder
		 */
		public Builder tls(ChaosTls tls) {
			this.tls = Objects.requireNonNull(tls, "tls must not be null");
			return this;
		}

		/**
		 * Echo raw TCP instead of speaking HTTP; {@code always} and {@code next} then count connections.
		 * @return this builder
		 */
		public Builder raw() {
			this.raw = true;
			return this;
		}

		/**
		 * Start the server on an ephemeral port.
		 * @return the running server
		 * @throws UncheckedIOException if the server cannot listen
		 */
		public ChaosServer start() {
			try {
				return new ChaosServer(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start a chaos server on " + this.bindAddress, ex);
			}
		}

		private static InetAddress ipv4Loopback() {
			try {
				// Without a host name, so that getHostString() never sends anyone through a lookup of "localhost".
				return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
