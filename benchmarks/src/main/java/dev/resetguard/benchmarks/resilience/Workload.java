package dev.resetguard.benchmarks.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.test.ChaosServer;

/**
 * Runs one scenario's calls through one contender: a fixed number of logical calls spread over the
 * scenario's threads, each pausing between calls, with the scenario's timed fault on its own thread.
 * Bounded in count and in time: no call starts after the scenario's run time or the deadline.
 */
final class Workload {

	private final Scenario scenario;

	private final ChaosServer server;

	private final ContenderClient client;

	private final int calls;

	private final int learningCalls;

	private final Duration deadline;

	private final AtomicInteger next = new AtomicInteger();

	private final long[] latencyNanos;

	private final long[] startNanos;

	private final boolean[] succeeded;

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final AtomicLong resetsBeforeLearned = new AtomicLong(-1);

	private volatile long faultStart = Long.MAX_VALUE;

	private volatile long faultEnd = Long.MAX_VALUE;

	/**
	 * Prepare a run.
	 * @param scenario the scenario
	 * @param server the chaos server, fresh for this run
	 * @param client the contender's client, fresh for this run
	 * @param calls the most calls to make
	 * @param learningCalls how many first calls count as learning, in which resets are not held against
	 * the contender
	 * @param deadline the longest the run may take
	 */
	Workload(Scenario scenario, ChaosServer server, ContenderClient client, int calls, int learningCalls,
			Duration deadline) {
		this.scenario = scenario;
		this.server = server;
		this.client = client;
		this.calls = calls;
		this.learningCalls = learningCalls;
		this.deadline = deadline;
		this.latencyNanos = new long[calls];
		this.startNanos = new long[calls];
		this.succeeded = new boolean[calls];
	}

	/**
	 * Make the calls.
	 * @return what happened, from the client's side
	 * @throws InterruptedException if interrupted while waiting for the callers
	 */
	Tally run() throws InterruptedException {
		long start = System.nanoTime();
		Duration runFor = this.scenario.runFor();
		long end = start + ((runFor != null) ? runFor : this.deadline).toNanos();
		long hardEnd = start + this.deadline.toNanos();
		Thread timeline = null;
		if (this.scenario.faultAt() != null) {
			timeline = new Thread(() -> timeline(start), "scenario-timeline");
			timeline.start();
		}
		int threads = this.scenario.threads();
		CountDownLatch done = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			Thread caller = new Thread(() -> {
				try {
					callUntil(Math.min(end, hardEnd));
				}
				finally {
					done.countDown();
				}
			}, "scenario-caller-" + i);
			caller.start();
		}
		boolean finished = done.await(this.deadline.toNanos() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
		if (timeline != null) {
			timeline.join();
		}
		if (!finished) {
			throw new IllegalStateException(this.scenario.id() + " callers did not finish in time");
		}
		long wall = System.nanoTime() - start;
		int made = Math.min(this.next.get(), this.calls);
		return new Tally(made, copy(this.latencyNanos, made), copy(this.startNanos, made), copy(this.succeeded, made),
				this.faultStart, this.faultEnd, this.resetsBeforeLearned.get(), this.failures, wall);
	}

	private void callUntil(long end) {
		String prefix = this.scenario.id() + "-";
		long pause = this.scenario.pause().toMillis();
		while (System.nanoTime() < end) {
			int index = this.next.getAndIncrement();
			if (index >= this.calls) {
				return;
			}
			if (index == this.learningCalls) {
				this.resetsBeforeLearned.set(this.client.observer().resets());
			}
			long started = System.nanoTime();
			this.startNanos[index] = started;
			try {
				this.client.call(this.scenario.post(), "/orders", prefix + index);
				this.succeeded[index] = true;
			}
			catch (Exception ex) {
				this.failures.computeIfAbsent(describe(ex), (key) -> new LongAdder()).increment();
			}
			this.latencyNanos[index] = System.nanoTime() - started;
			if (pause > 0) {
				try {
					Thread.sleep(pause);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void timeline(long start) {
		try {
			sleepUntil(start + this.scenario.faultAt().toNanos());
			this.faultStart = System.nanoTime();
			this.scenario.startFault(this.server);
			sleepUntil(this.faultStart + this.scenario.faultFor().toNanos());
			this.scenario.endFault(this.server);
			this.faultEnd = System.nanoTime();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	// The innermost cause names the failure best: a reset, a refused connect, or something unexpected.
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		if (message != null) {
			message = message.replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+", "<peer>");
		}
		return root.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private static long[] copy(long[] values, int length) {
		long[] copy = new long[length];
		System.arraycopy(values, 0, copy, 0, length);
		return copy;
	}

	private static boolean[] copy(boolean[] values, int length) {
		boolean[] copy = new boolean[length];
		System.arraycopy(values, 0, copy, 0, length);
		return copy;
	}

	/**
	 * What the callers saw, per call and in total.
	 * @param calls the calls made
	 * @param latencyNanos each call's duration, retries and backoff included
	 * @param startNanos each call's start, {@link System#nanoTime()}
	 * @param succeeded whether each call succeeded
	 * @param faultStartNanos when the timed fault started, {@link System#nanoTime()}; {@link Long#MAX_VALUE} if never
	 * @param faultEndNanos when the timed fault ended, {@link System#nanoTime()}; {@link Long#MAX_VALUE} if never
	 * @param resetsBeforeLearned resets the client saw during the learning calls, -1 if the run was shorter
	 * @param failures failed calls by innermost exception
	 * @param wallNanos how long the run took
	 */
	record Tally(int calls, long[] latencyNanos, long[] startNanos, boolean[] succeeded, long faultStartNanos,
			long faultEndNanos, long resetsBeforeLearned, Map<String, LongAdder> failures, long wallNanos) {
	}

}
