package dev.resetguard.sample;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Makes the embedded upstream misbehave as the {@link Scenario} says: an idle timeout, resets injected
 * on a seeded schedule, periodic restarts. Starts before the traffic and stops after it.
 */
public class UpstreamChaos implements SmartLifecycle {

	/** The phase of this lifecycle: before {@link SampleTraffic}, after {@link ResetSummary}. */
	public static final int PHASE = 0;

	// Shorter than the clients' long pause (Scenario), longer than their short one.
	static final Duration IDLE_TIMEOUT = Duration.ofMillis(1200);

	private static final Duration SILENCE = Duration.ofMillis(1500);

	private static final Duration DOWNTIME = Duration.ofMillis(300);

	private static final int UPLOAD_BYTES_BEFORE_RESET = 16 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(UpstreamChaos.class);

	private final ChaosServer upstream;

	private final Scenario scenario;

	// Seeded: a scenario misbehaves the same way on every run.
	private final Random random = new Random(6);

	private ScheduledExecutorService scheduler;

	/**
	 * Create the chaos of a scenario.
	 * @param upstream the embedded upstream
	 * @param scenario the scenario
	 */
	public UpstreamChaos(ChaosServer upstream, Scenario scenario) {
		this.upstream = upstream;
		this.scenario = scenario;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sample-upstream-chaos");
			thread.setDaemon(true);
			return thread;
		});
		switch (this.scenario) {
			case STALE_KEEPALIVE -> this.upstream.idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
			case FLAKY_UPSTREAM -> every(Duration.ofSeconds(1), this::abortResponse);
			case RESTART -> every(Duration.ofSeconds(5), this::restart);
			case UPLOAD_REJECTED -> every(Duration.ofSeconds(1), this::rejectUpload);
			case MIDDLEBOX -> every(Duration.ofSeconds(2), this::silenceThenReset);
			case MIXED -> {
				this.upstream.idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
				every(Duration.ofMillis(1500), this::abortResponse);
				every(Duration.ofSeconds(3), this::silenceThenReset);
				every(Duration.ofSeconds(8), this::restart);
			}
		}
		logger.info("Upstream at {} misbehaves as scenario '{}'", this.upstream.url("/"), this.scenario.value());
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scheduler = null;
		this.upstream.heal();
		this.upstream.clearIdleTimeout();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void every(Duration period, Runnable disturbance) {
		long millis = period.toMillis();
		this.scheduler.scheduleAtFixedRate(disturbance, millis, millis, TimeUnit.MILLISECONDS);
	}

	// Each injection replaces one not yet taken, so injections cannot pile up while traffic is slow.
	private void inject(Toxic toxic) {
		this.upstream.heal();
		this.upstream.next(1, toxic);
	}

	private void abortResponse() {
		inject(Toxic.resetAfterResponseBytes(1 + this.random.nextInt(SampleTraffic.DOWNLOAD_BYTES - 1)));
	}

	private void rejectUpload() {
		inject(Toxic.resetDuringUpload(UPLOAD_BYTES_BEFORE_RESET));
	}

	private void silenceThenReset() {
		inject(Toxic.silenceThenReset(SILENCE));
	}

	private void restart() {
		try {
			this.upstream.restart(DOWNTIME);
		}
		catch (IllegalStateException ex) {
			logger.debug("Upstream not restarted: {}", ex.getMessage());
		}
	}

}
