package dev.resetguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.PeerProbe;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream restarting under 8 concurrent callers, each call a request on a fresh connection from
 * Reset Guard's socket factory run through {@link ResetGuard}: the restart resets every in-flight
 * connection, then the port refuses connections for a second. With ride-through the calls wait for
 * the peer; without it they spend their attempts in the gap.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardRideThroughTests {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuardRideThroughTests.class);

	private static final int CALLERS = 8;

	private static final Duration DOWNTIME = Duration.ofSeconds(1);

	private static final Duration PACE = Duration.ofMillis(50);

	@Test
	void rideThroughKeepsAlmostEveryCallAlive(ChaosServer server) throws Exception {
		Tally tally = run(server, true);
		assertThat(tally.successRate()).as(tally::toString).isGreaterThanOrEqualTo(0.95);
	}

	@Test
	void withoutRideThroughCallsFailInTheGap(ChaosServer server) throws Exception {
		Tally tally = run(server, false);
		assertThat(tally.successRate()).as(tally::toString).isLessThan(0.9);
	}

	private Tally run(ChaosServer server, boolean rideThrough) throws Exception {
		RetrySettings settings = RetrySettings.ofDefaults();
		RestartRideThrough gate = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> settings,
				PeerProbe.tcpConnect(Duration.ofSeconds(1)));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ResetGuardMetrics metrics = new ResetGuardMetrics(registry);
		ResetRecorder recorder = new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()),
				ResetEventListener.of(rideThrough ? List.of(metrics, gate) : List.of(metrics)));
		ResetGuardSocketFactory sockets = new ResetGuardSocketFactory(
				SocketInstrumentation.builder().recorder(recorder).build());
		ResetGuard.Builder builder = ResetGuard.builder().recorder(recorder).metrics(metrics).settings(settings);
		ResetGuard guard = (rideThrough ? builder.rideThrough(gate) : builder).build();
		String peer = server.host() + ":" + server.port();
		Tally tally = new Tally();
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
							guard.call(peer, () -> get(sockets, server));
							tally.successes.incrementAndGet();
						}
						catch (Exception ex) {
							tally.failures.incrementAndGet();
							tally.lastFailure = ex;
						}
					}
					return null;
				}));
			}
			long warmDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (tally.successes.get() < 2 * CALLERS && System.nanoTime() - warmDeadline < 0) {
				Thread.sleep(10);
			}
			assertThat(tally.successes.get()).as("calls completed before the restart").isGreaterThanOrEqualTo(2 * CALLERS);
			Thread.sleep(300);
			end.set(System.nanoTime() + Duration.ofSeconds(3).toNanos());
			CompletableFuture<Void> back = server.restart(DOWNTIME);
			back.get(5, TimeUnit.SECONDS);
			for (Future<?> loop : loops) {
				loop.get(20, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
			gate.close();
		}
		tally.recovered = registry.find("reset.guard.calls").tag("outcome", "recovered").counters().stream()
			.mapToDouble((counter) -> counter.count()).sum();
		tally.attempts = server.ledger().requests().size();
		logger.info("Restart under {} callers, ride-through {}: {}", CALLERS, rideThrough ? "on" : "off", tally);
		return tally;
	}

	private static String get(ResetGuardSocketFactory sockets, ChaosServer server) throws IOException {
		try (Socket socket = sockets.createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /delay/100 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			if (!response.startsWith("HTTP/1.1 200")) {
				throw new IOException("Unexpected response: " + response);
			}
			return response;
		}
	}

	/**
	 * What the callers saw.
	 */
	private static final class Tally {

		private final AtomicInteger successes = new AtomicInteger();

		private final AtomicInteger failures = new AtomicInteger();

		private double recovered;

		private int attempts;

		private volatile Exception lastFailure;

		double successRate() {
			int total = this.successes.get() + this.failures.get();
			return (total > 0) ? (double) this.successes.get() / total : 0;
		}

		@Override
		public String toString() {
			int calls = this.successes.get() + this.failures.get();
			return String.format(Locale.ROOT,
					"calls=%d, successes=%d (%.1f%%), failures=%d, recovered=%.0f, requests seen by the peer=%d (%.3f per call)",
					calls, this.successes.get(), 100 * successRate(), this.failures.get(), this.recovered, this.attempts,
					(calls > 0) ? (double) this.attempts / calls : 0) + ", last failure: " + this.lastFailure;
		}

	}

}
