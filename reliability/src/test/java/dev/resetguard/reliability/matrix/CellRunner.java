package dev.resetguard.reliability.matrix;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.resetguard.forensics.PeerKey;
import dev.resetguard.test.ChaosServer;

/**
 * Runs one cell: a fresh chaos server (its own port, so nothing a peer's state learned in an earlier cell
 * leaks in: restart detection, budget, ride-through), the fault armed, the calls made, and everything
 * reported collected.
 */
final class CellRunner {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final byte[] SMALL_BODY = "hello".getBytes();

	private static final byte[] UPLOAD_BODY = new byte[Fault.UPLOAD_BODY_BYTES];

	private final ClientSession session;

	CellRunner(ClientSession session) {
		this.session = session;
	}

	/**
	 * Run a cell.
	 * @param method the HTTP method
	 * @param fault the fault
	 * @return what the cell showed
	 * @throws Exception if the cell could not be run
	 */
	CellResult run(String method, Fault fault) throws Exception {
		String cell = this.session.client().name() + "-" + method + "-" + fault.name();
		try (ChaosServer server = startServer()) {
			MatrixObserver observer = this.session.observer();
			List<String> requestIds = new ArrayList<>();
			List<String> answers = new ArrayList<>();
			byte[] body = "POST".equals(method)
					? ((fault == Fault.RESET_DURING_UPLOAD) ? UPLOAD_BODY : SMALL_BODY) : null;
			URI url = URI.create(server.url("/matrix"));
			if (fault == Fault.RESTART) {
				URI slow = URI.create(server.url("/delay/2000"));
				observer.clear();
				ExecutorService callers = Executors.newFixedThreadPool(Fault.RESTART_CALLS);
				try {
					List<Future<String>> calls = new ArrayList<>();
					for (int i = 0; i < Fault.RESTART_CALLS; i++) {
						String requestId = cell + "-" + i;
						requestIds.add(requestId);
						calls.add(callers.submit(() -> answer(method, slow, requestId, body)));
					}
					await(() -> server.ledger().requests().size() >= Fault.RESTART_CALLS, "the calls to reach the server");
					server.restart(Fault.RESTART_DOWNTIME).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					for (Future<String> call : calls) {
						answers.add(call.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS));
					}
				}
				finally {
					callers.shutdownNow();
				}
			}
			else {
				if (fault.idleCloseMode() != null) {
					server.idleTimeout(Fault.IDLE_TIMEOUT, fault.idleCloseMode());
					String warmUp = answer("GET", url, cell + "-warm-up", null);
					if (!"ok".equals(warmUp)) {
						throw new IllegalStateException("The warm-up call failed: " + warmUp);
					}
					observer.awaitOutcomes(1, WAIT);
					await(() -> server.ledger().count(fault.kind()) >= 1, "the idle connection to be closed");
					// Give clients that watch their idle connections the moment they need to see the close.
					Thread.sleep(100);
				}
				else {
					server.next(1, fault.toxic());
				}
				observer.clear();
				String requestId = cell;
				requestIds.add(requestId);
				answers.add(answer(method, url, requestId, body));
			}
			observer.awaitOutcomes(requestIds.size(), WAIT);
			Map<String, Long> seen = server.ledger().requestCountsById();
			Map<String, Long> requestsById = new LinkedHashMap<>();
			for (String requestId : requestIds) {
				requestsById.put(requestId, seen.getOrDefault(requestId, 0L));
			}
			List<String> disagreements = this.session.disagreements(PeerKey.of(server.host(), server.port()));
			return new CellResult(observer.events(), observer.decisions(), observer.outcomes(), answers, requestsById,
					server.ledger().count(fault.kind()), disagreements);
		}
	}

	private ChaosServer startServer() {
		return this.session.client().tls() ? ChaosServer.builder().tls(ChaosTrustConfiguration.TLS).start()
				: ChaosServer.start();
	}

	private String answer(String method, URI url, String requestId, byte[] body) {
		try {
			return this.session.call(method, url, requestId, body);
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName();
		}
	}

	private static void await(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out waiting for " + what);
			}
			Thread.sleep(5);
		}
	}

}
