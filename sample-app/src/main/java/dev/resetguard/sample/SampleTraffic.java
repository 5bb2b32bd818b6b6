package dev.resetguard.sample;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Steady, bounded traffic to the upstream: {@code sample.concurrency} threads per client, each making
 * one call at a time and pausing between calls as the {@link Scenario} says. Reset Guard retries what
 * it may; a call that still fails is counted here and shown in the summary.
 */
public class SampleTraffic implements SmartLifecycle {

	/** The phase of this lifecycle: after {@link UpstreamChaos}, so it stops first. */
	public static final int PHASE = UpstreamChaos.PHASE + 1;

	/** The header that makes an upload safe to retry, Reset Guard's default. */
	static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

	/** Size of each downloaded body. */
	static final int DOWNLOAD_BYTES = 2048;

	// Enough for a call to ride through a restart (reset-guard.restart.max-wait) and retry.
	private static final Duration GRACE = Duration.ofSeconds(10);

	private static final byte[] UPLOAD = new byte[256 * 1024];

	private static final Logger logger = LoggerFactory.getLogger(SampleTraffic.class);

	private final List<UpstreamClient> clients;

	private final Scenario scenario;

	private final int concurrency;

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong refusedConnects = new AtomicLong();

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private volatile CountDownLatch stopping = new CountDownLatch(1);

	/**
	 * Create the traffic.
	 * @param clients the clients to call through
	 * @param scenario the scenario, which paces the calls
	 * @param concurrency the number of threads per client
	 */
	public SampleTraffic(List<UpstreamClient> clients, Scenario scenario, int concurrency) {
		this.clients = List.copyOf(clients);
		this.scenario = scenario;
		this.concurrency = concurrency;
	}

	/**
	 * Return the number of calls that failed after Reset Guard did what it could.
	 * @return the number of failed calls
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Return the number of failed calls whose connect was refused: no reset, as when a call opens a new
	 * connection while the upstream is down, before any reset told Reset Guard it is restarting.
	 * @return the number of failed calls with a refused connect
	 */
	public long refusedConnects() {
		return this.refusedConnects.get();
	}

	/**
	 * Return the last call failure, as client and exception.
	 * @return the last failure, or {@code null} if no call failed
	 */
	public String lastFailure() {
		return this.lastFailure.get();
	}

	@Override
	public void start() {
		this.stopping = new CountDownLatch(1);
		this.running = true;
		int workers = this.clients.size() * this.concurrency;
		for (int i = 0; i < workers; i++) {
			UpstreamClient client = this.clients.get(i % this.clients.size());
			// The clients spread over one pause, so that their connections do not all go idle at once; the
			// threads of one client start together, or they would take turns on one connection and keep it
			// from ever sitting idle for a whole pause.
			int clientIndex = i % this.clients.size();
			Duration offset = this.scenario.longestPause().multipliedBy(clientIndex).dividedBy(this.clients.size());
			Random random = new Random(i);
			String name = "sample-" + client.name() + "-" + (i / this.clients.size());
			Thread thread = new Thread(() -> run(client, offset, random), name);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Stop calling: calls in progress finish, with their retries, for a while; then the threads are
	 * interrupted.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.stopping.countDown();
		long deadline = System.nanoTime() + GRACE.toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.threads.forEach(Thread::interrupt);
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void run(UpstreamClient client, Duration offset, Random random) {
		try {
			if (pause(offset)) {
				return;
			}
			do {
				call(client, random);
			}
			while (!pause(this.scenario.pause(random)));
		}
		catch (InterruptedException ex) {
			// Stopping.
		}
	}

	// Returns whether the traffic is stopping.
	private boolean pause(Duration pause) throws InterruptedException {
		return this.stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void call(UpstreamClient client, Random random) throws InterruptedException {
		try {
			if (this.scenario.upload(random)) {
				client.upload("/orders", UPLOAD, UUID.randomUUID().toString());
			}
			else {
				client.download("/bytes/" + DOWNLOAD_BYTES);
			}
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			this.failures.incrementAndGet();
			if (isRefusedConnect(ex)) {
				this.refusedConnects.incrementAndGet();
			}
			this.lastFailure.set(client.name() + ": " + ex);
			logger.debug("Call through {} failed", client.name(), ex);
		}
	}

	private static boolean isRefusedConnect(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return true;
			}
		}
		return false;
	}

}
