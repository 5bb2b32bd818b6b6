package dev.resetguard.dashboards.app;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

import dev.resetguard.CallOptions;
import dev.resetguard.ResetGuard;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The test application's traffic: while the application runs, three loops provoke every kind of
 * reset the dashboard and the alert rules chart, over and over so that counters keep growing between
 * scrapes. Sockets from {@code resetGuardSocketFactory} meet each chaos toxic (client {@code socket},
 * with real phases and causes), a pooled keep-alive client meets an idle timeout and then has adaptive
 * idle retire its connection, a peer restarts under open connections, and calls through the
 * programmatic {@link ResetGuard} API end in every outcome. Bounded: the loops stop after
 * {@link #MAX_RUN} even if the application is not stopped.
 */
public final class ResetTraffic implements SmartLifecycle {

	/** The longest the traffic runs. */
	static final Duration MAX_RUN = Duration.ofMinutes(3);

	private static final Logger logger = LoggerFactory.getLogger(ResetTraffic.class);

	private static final int RESTART_CONNECTIONS = 4;

	private static final int MAX_SURPRISES = 100;

	private static final byte[] UPLOAD = new byte[4 * 1024 * 1024];

	private static final byte[] NO_BODY = new byte[0];

	private static final int PLAIN_READ_TIMEOUT_MILLIS = 5000;

	private final ChaosPeers peers;

	private final SocketFactory sockets;

	private final ResetGuard resetGuard;

	private final AdaptiveIdlePolicy idlePolicy;

	private final ResetGuardMetrics metrics;

	private final Queue<String> surprises = new ConcurrentLinkedQueue<>();

	private final AtomicInteger rounds = new AtomicInteger();

	private volatile boolean running;

	private volatile long deadline;

	private ExecutorService loops;

	private ExecutorService readers;

	/**
	 * Create the traffic.
	 * @param peers the peers to talk to
	 * @param sockets Reset Guard's decorated socket factory
	 * @param resetGuard the programmatic API
	 * @param idlePolicy the adaptive idle policy that the pooled client consults
	 * @param metrics where the pooled client counts prevented resets
	 */
	public ResetTraffic(ChaosPeers peers, SocketFactory sockets, ResetGuard resetGuard, AdaptiveIdlePolicy idlePolicy,
			ResetGuardMetrics metrics) {
		this.peers = peers;
		this.sockets = sockets;
		this.resetGuard = resetGuard;
		this.idlePolicy = idlePolicy;
		this.metrics = metrics;
	}

	@Override
	public void start() {
		this.deadline = System.nanoTime() + MAX_RUN.toNanos();
		this.running = true;
		this.loops = Executors.newFixedThreadPool(3);
		this.readers = Executors.newFixedThreadPool(RESTART_CONNECTIONS);
		this.loops.submit(() -> loop("idle", this::idleRound));
		this.loops.submit(() -> loop("restart", this::restartRound));
		this.loops.submit(() -> loop("one-shot", this::oneShotRound));
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.loops == null) {
			return;
		}
		this.loops.shutdownNow();
		this.readers.shutdownNow();
		try {
			this.loops.awaitTermination(15, TimeUnit.SECONDS);
			this.readers.awaitTermination(15, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return how many rounds the loops have completed, all loops together.
	 * @return the number of rounds
	 */
	public int rounds() {
		return this.rounds.get();
	}

	/**
	 * Return the exchanges that did not end as planned (an answer where a reset was provoked, or the
	 * other way round), for failure messages. Loopback races make a few of these possible.
	 * @return descriptions of the surprises, the first {@value #MAX_SURPRISES} at most
	 */
	public List<String> surprises() {
		return List.copyOf(this.surprises);
	}

	private void loop(String name, Round round) {
		while (this.running && System.nanoTime() < this.deadline) {
			try {
				round.run();
				this.rounds.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				surprise(name + " round failed: " + ex);
			}
		}
		logger.debug("{} traffic stopped", name);
	}

	// A pooled connection meets the peer's idle timeout (a stale-connection reset, whose idle time adaptive
	// idle learns), then idles past what adaptive idle now allows and is retired before it can be reset.
	private void idleRound() throws Exception {
		ChaosServer server = this.peers.idleClosing();
		try (KeepAliveClient client = new KeepAliveClient(this.sockets, server.host(), server.port(),
				this.idlePolicy, this.metrics)) {
			expectAnswer("idle: first use", () -> client.get("/"));
			Thread.sleep(ChaosPeers.IDLE_TIMEOUT.multipliedBy(2).plusMillis(100).toMillis());
			expectReset("idle: reuse after the peer's idle timeout", () -> client.get("/"));
			expectAnswer("idle: new connection", () -> client.get("/"));
			Thread.sleep(AdaptiveIdlePolicy.DEFAULT_FLOOR.plusMillis(200).toMillis());
			expectAnswer("idle: reuse after a retirement", () -> client.get("/"));
		}
	}

	// Several pooled connections reset at once by a restart: a peer restart. Each connection carries an
	// exchange first, as a fresh connection reset after its request proves the listener alive.
	private void restartRound() throws Exception {
		ChaosServer server = this.peers.restarting();
		server.ledger().clear();
		List<Socket> open = new ArrayList<>();
		List<Future<String>> exchanges = new ArrayList<>();
		try {
			for (int i = 0; i < RESTART_CONNECTIONS; i++) {
				Socket socket = this.sockets.createSocket(server.host(), server.port());
				open.add(socket);
				HttpOverSocket.exchange(socket, "GET", "/", NO_BODY);
				exchanges.add(this.readers.submit(() -> HttpOverSocket.exchange(socket, "GET", "/delay/10000", NO_BODY)));
			}
			awaitRequests(server, 2 * RESTART_CONNECTIONS);
			server.restart(Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
			for (Future<String> exchange : exchanges) {
				expectReset("restart: in-flight request", () -> awaitExchange(exchange));
			}
		}
		finally {
			for (Socket socket : open) {
				socket.close();
			}
		}
		Thread.sleep(500);
	}

	private void oneShotRound() throws Exception {
		expectReset("socket: reset on accept", () -> socketExchange(this.peers.acceptResetting(), "GET", "/", NO_BODY, 100));
		expectReset("socket: reset after the request head", () -> socketExchange(this.peers.broken(), "GET", "/orders", NO_BODY, 0));
		expectReset("socket: reset mid-response", () -> socketExchange(this.peers.responseAborting(), "GET", "/bytes/10000", NO_BODY, 0));
		expectReset("socket: reset mid-upload", () -> socketExchange(this.peers.uploadResetting(), "POST", "/upload", UPLOAD, 0));
		expectReset("socket: reset after a long silence", () -> socketExchange(this.peers.silent(), "GET", "/slow", NO_BODY, 0));
		for (int i = 0; i < 3; i++) {
			expectAnswer("programmatic: healthy peer", () -> call(this.peers.healthy(), CallOptions.idempotent()));
		}
		this.peers.flaky().next(1, Toxic.resetAfterRequestHead());
		expectAnswer("programmatic: reset once, then recovered", () -> call(this.peers.flaky(), CallOptions.idempotent()));
		expectReset("programmatic: reset on every attempt", () -> call(this.peers.broken(), CallOptions.idempotent()));
		expectReset("programmatic: reset, not retryable", () -> call(this.peers.broken(), CallOptions.nonIdempotent()));
		expectReset("programmatic: reset, no budget left", () -> call(this.peers.budgetless(), CallOptions.idempotent()));
		Thread.sleep(200);
	}

	private String socketExchange(ChaosServer server, String method, String path, byte[] body, long pauseMillis)
			throws IOException, InterruptedException {
		try (Socket socket = this.sockets.createSocket(server.host(), server.port())) {
			// A client that has not spoken yet when the RST comes: the reset is seen in the connect phase.
			Thread.sleep(pauseMillis);
			return HttpOverSocket.exchange(socket, method, path, body);
		}
	}

	// The programmatic API over plain sockets, so that each reset is counted once, as client programmatic.
	private String call(ChaosServer server, CallOptions options) throws Exception {
		return this.resetGuard.call(ChaosPeers.peer(server), options, () -> {
			try (Socket socket = SocketFactory.getDefault().createSocket(server.host(), server.port())) {
				socket.setSoTimeout(PLAIN_READ_TIMEOUT_MILLIS);
				return HttpOverSocket.exchange(socket, "GET", "/", NO_BODY);
			}
		});
	}

	private void expectAnswer(String exchange, Callable<String> action) throws InterruptedException {
		try {
			action.call();
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			surprise(exchange + ": expected an answer, got " + ex);
		}
	}

	private void expectReset(String exchange, Callable<String> action) throws InterruptedException {
		try {
			action.call();
			surprise(exchange + ": expected a reset, got an answer");
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// The reset this exchange provoked.
		}
		catch (Exception ex) {
			surprise(exchange + ": expected a reset, got " + ex);
		}
	}

	private void surprise(String description) {
		logger.debug(description);
		if (this.surprises.size() < MAX_SURPRISES) {
			this.surprises.add(description);
		}
	}

	private static String awaitExchange(Future<String> exchange)
			throws IOException, InterruptedException, TimeoutException {
		try {
			return exchange.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static void awaitRequests(ChaosServer server, int count) throws InterruptedException {
		long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (server.ledger().requests().size() < count && System.nanoTime() < until) {
			Thread.sleep(10);
		}
	}

	@FunctionalInterface
	private interface Round {

		void run() throws Exception;

	}

}
