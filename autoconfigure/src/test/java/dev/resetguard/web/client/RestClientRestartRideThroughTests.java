package dev.resetguard.web.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream restarting under 8 concurrent RestClient callers (Apache HttpClient 5, pooled
 * keep-alive): the restart resets every in-flight connection, then the port refuses connections for a
 * second. With ride-through the calls wait behind one probe; without it they spend their attempts in
 * the gap.
 */
@ExtendWith(ChaosServerExtension.class)
class RestClientRestartRideThroughTests {

	private static final Logger logger = LoggerFactory.getLogger(RestClientRestartRideThroughTests.class);

	private static final int CALLERS = 8;

	private static final Duration PACE = Duration.ofMillis(50);

	// The shared runner turns restart detection off and shortens backoff; this scenario needs the defaults.
	private static final String[] DEFAULT_RESTART_DETECTION_AND_BACKOFF = { "reset-guard.cause.restart-min-connections=3",
			"reset-guard.retry.initial-backoff=100ms", "reset-guard.retry.max-backoff=2s" };

	@Test
	void rideThroughKeepsAlmostEveryCallAlive(ChaosServer server) {
		DecoratedClients.runner().withPropertyValues(DEFAULT_RESTART_DETECTION_AND_BACKOFF)
			.withPropertyValues("reset-guard.restart.ride-through=true")
			.run((context) -> {
			double successRate = callThroughARestart(context, server, "on");
			assertThat(successRate).isGreaterThanOrEqualTo(0.95);
		});
	}

	@Test
	void withoutRideThroughCallsFailInTheGap(ChaosServer server) {
		DecoratedClients.runner().withPropertyValues(DEFAULT_RESTART_DETECTION_AND_BACKOFF)
			.withPropertyValues("reset-guard.restart.ride-through=false")
			.run((context) -> {
			double successRate = callThroughARestart(context, server, "off");
			assertThat(successRate).isLessThan(0.9);
		});
	}

	private double callThroughARestart(AssertableApplicationContext context, ChaosServer server, String rideThrough)
			throws Exception {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		// Calls run until 3 s after the restart; it waits for every caller to be under way rather than for a
		// fixed time, because on a loaded machine the first calls of a cold client can take over a second.
		AtomicLong end = new AtomicLong(System.nanoTime() + Duration.ofSeconds(30).toNanos());
		try {
			List<Future<?>> loops = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				loops.add(callers.submit(() -> {
					// Paced, so that a call failing fast does not inflate the number of calls.
					for (long next = System.nanoTime(); next - end.get() < 0; next = Math.max(next + PACE.toNanos(),
							System.nanoTime())) {
						long wait = next - System.nanoTime();
						if (wait > 0) {
							TimeUnit.NANOSECONDS.sleep(wait);
						}
						try {
							client.get().uri(server.url("/delay/100")).retrieve().body(String.class);
							successes.incrementAndGet();
						}
						catch (RuntimeException ex) {
							failures.incrementAndGet();
						}
					}
					return null;
				}));
			}
			long warmDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (successes.get() < 2 * CALLERS && System.nanoTime() - warmDeadline < 0) {
				Thread.sleep(10);
			}
			assertThat(successes.get()).as("calls completed before the restart").isGreaterThanOrEqualTo(2 * CALLERS);
			Thread.sleep(300);
			end.set(System.nanoTime() + Duration.ofSeconds(3).toNanos());
			server.restart(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
			for (Future<?> loop : loops) {
				loop.get(20, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		int calls = successes.get() + failures.get();
		double successRate = (double) successes.get() / calls;
		logger.info(String.format(Locale.ROOT,
				"RestClient restart under %d callers, ride-through %s: calls=%d, successes=%.1f%%, requests seen by the peer=%d (%.3f per call)",
				CALLERS, rideThrough, calls, 100 * successRate, server.ledger().requests().size(),
				(double) server.ledger().requests().size() / calls));
		return successRate;
	}

}
