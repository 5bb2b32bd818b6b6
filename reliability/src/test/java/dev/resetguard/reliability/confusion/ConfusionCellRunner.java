package dev.resetguard.reliability.confusion;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.reliability.matrix.ClientSession;
import dev.resetguard.reliability.matrix.Fault;
import dev.resetguard.reliability.matrix.MatrixObserver;
import dev.resetguard.test.ChaosServer;

/**
 * Runs one cell of the confusion matrix: a fresh chaos server on a port of its own, the behaviour armed,
 * the callers calling until the cell has its resets or its time is up, the restarts of the restart
 * behaviours made alongside, and the resets Reset Guard recorded with that server counted by cause. Reset
 * Guard keeps what it infers from (restarts, budgets, statistics) per peer {@code host:port}, so a server of
 * its own isolates a cell from every other, even one running at the same time.
 */
final class ConfusionCellRunner {

	/** Longest wait for the outcomes of the cell's calls, which some clients report just after the answer. */
	private static final Duration SETTLE = Duration.ofSeconds(3);

	/** Longest a cell may run past its time limit: a call in progress ends by then, or it hung. */
	private static final Duration GRACE = Duration.ofSeconds(30);

	private static final byte[] UPLOAD_BODY = new byte[Fault.UPLOAD_BODY_BYTES];

	private final ClientSession session;

	ConfusionCellRunner(ClientSession session) {
		this.session = session;
	}

	/**
	 * Run a cell.
	 * @param cell the cell
	 * @return what the cell counted
	 * @throws Exception if the cell could not be run, or a call hung
	 */
	CellTally run(ConfusionCell cell) throws Exception {
		long started = System.nanoTime();
		Instant startedAt = Instant.now();
		Behaviour behaviour = cell.behaviour();
		MatrixObserver observer = this.session.observer();
		try (ChaosServer server = ChaosServer.start()) {
			behaviour.arm(server);
			String peer = server.host() + ":" + server.port();
			URI url = URI.create(server.url(behaviour.path()));
			byte[] body = (behaviour == Behaviour.REJECT_UPLOAD) ? UPLOAD_BODY : null;
			long end = started + behaviour.timeLimit(cell.callers()).toNanos();
			AtomicBoolean done = new AtomicBoolean();
			AtomicInteger calls = new AtomicInteger();
			Map<String, Integer> failed = new ConcurrentHashMap<>();
			Load load = new Load(cell, url, body, end, done, () -> observer.resetCount(peer) >= cell.targetResets(),
					calls, failed);
			AtomicInteger threadIds = new AtomicInteger();
			ExecutorService threads = Executors.newFixedThreadPool(cell.callers() + 1,
					(task) -> new Thread(task, "confusion-" + cell.name() + "-" + threadIds.incrementAndGet()));
			try {
				List<Future<Void>> callers = new ArrayList<>();
				for (int caller = 0; caller < cell.callers(); caller++) {
					int index = caller;
					callers.add(threads.submit(() -> load.caller(index)));
				}
				Future<Void> restarts = behaviour.restarts() ? threads.submit(() -> load.restarts(server)) : null;
				for (Future<Void> caller : callers) {
					join(caller, end, cell);
				}
				done.set(true);
				if (restarts != null) {
					join(restarts, end, cell);
				}
			}
			finally {
				threads.shutdownNow();
				threads.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
			observer.awaitOutcomes(peer, calls.get(), SETTLE);
			Map<ResetCause, Long> causes = new EnumMap<>(ResetCause.class);
			for (ResetCause cause : ResetCause.values()) {
				causes.put(cause, 0L);
			}
			List<String> misses = new ArrayList<>();
			for (ResetEvent event : observer.eventsFor(peer)) {
				causes.merge(event.cause(), 1L, Long::sum);
				if (event.cause() != behaviour.expected()) {
					misses.add(miss(event, startedAt));
				}
			}
			if (!misses.isEmpty() && !load.restartTimes.isEmpty()) {
				misses.add("restarts began at " + load.restartTimes.stream()
					.map((time) -> String.format(Locale.ROOT, "+%.1f ms", Duration.between(startedAt, time).toNanos() / 1e6))
					.collect(Collectors.joining(", ")));
			}
			long injected = server.ledger().count(behaviour.injection());
			return new CellTally(cell, causes, injected, calls.get(), new TreeMap<>(failed),
					(System.nanoTime() - started) / 1e9, List.copyOf(misses));
		}
	}

	private static String miss(ResetEvent event, Instant startedAt) {
		ConnectionFacts facts = event.facts();
		String at = String.format(Locale.ROOT, "+%.1f ms %s, %s, attempt %d",
				Duration.between(startedAt, event.time()).toNanos() / 1e6, event.cause().tagValue(),
				event.phase().tagValue(), event.attempt());
		if (facts == null) {
			return at + ", no connection facts";
		}
		return at + String.format(Locale.ROOT, ", %s (age %.1f ms, idle %.1f ms), sent %d, received %d, silence %.1f ms",
				facts.reused() ? "reused" : "fresh", facts.connectionAge().toNanos() / 1e6,
				facts.idleBeforeUse().toNanos() / 1e6, facts.bytesSent(), facts.bytesReceived(),
				facts.silence().toNanos() / 1e6);
	}

	private static Throwable innermost(Throwable failure) {
		Throwable innermost = failure;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause();
		}
		return innermost;
	}

	private static void join(Future<Void> task, long end, ConfusionCell cell) throws Exception {
		try {
			task.get(Math.max(1, end + GRACE.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(cell.name() + ": a call was still running " + GRACE + " after the load ended",
					ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(cell.name() + ": a caller failed outside any call", ex.getCause());
		}
	}

	/**
	 * The load of one cell: its callers' loops, bounded by the cell's time limit and its target number of
	 * resets, and the restarts of a restart behaviour.
	 */
	private final class Load {

		private final ConfusionCell cell;

		private final URI url;

		private final byte[] body;

		private final long end;

		private final AtomicBoolean done;

		private final BooleanSupplier enoughResets;

		private final AtomicInteger calls;

		private final Map<String, Integer> failed;

		private final List<Instant> restartTimes = new CopyOnWriteArrayList<>();

		Load(ConfusionCell cell, URI url, byte[] body, long end, AtomicBoolean done, BooleanSupplier enoughResets,
				AtomicInteger calls, Map<String, Integer> failed) {
			this.cell = cell;
			this.url = url;
			this.body = body;
			this.end = end;
			this.done = done;
			this.enoughResets = enoughResets;
			this.calls = calls;
			this.failed = failed;
		}

		Void caller(int index) throws Exception {
			Behaviour behaviour = this.cell.behaviour();
			long pauseNanos = behaviour.pause().toNanos();
			// One call per turn, until the time limit or the target number of resets.
			for (int call = 0; !over(); call++) {
				this.calls.incrementAndGet();
				try {
					ConfusionCellRunner.this.session.call(behaviour.method(), this.url,
							this.cell.name() + "-" + index + "-" + call, this.body);
				}
				catch (Exception ex) {
					this.failed.merge(innermost(ex).getClass().getSimpleName(), 1, Integer::sum);
				}
				if (pauseNanos > 0) {
					if (System.nanoTime() + pauseNanos >= this.end) {
						return null;
					}
					TimeUnit.NANOSECONDS.sleep(pauseNanos);
				}
			}
			return null;
		}

		Void restarts(ChaosServer server) throws Exception {
			Behaviour behaviour = this.cell.behaviour();
			// One restart per turn, after some uptime, until the callers are done.
			while (!this.done.get() && !over()) {
				TimeUnit.NANOSECONDS.sleep(Behaviour.UPTIME.toNanos());
				if (this.done.get() || over()) {
					return null;
				}
				this.restartTimes.add(Instant.now());
				behaviour.restart(server);
			}
			return null;
		}

		private boolean over() {
			return System.nanoTime() >= this.end || this.enoughResets.getAsBoolean();
		}

	}

}
