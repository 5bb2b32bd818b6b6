package dev.resetguard.reliability.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs concurrent callers on platform threads of their own, each calling in a loop bounded in time and in
 * count, and joins them all, so that no caller outlives the run.
 */
final class Callers {

	private Callers() {
	}

	/**
	 * Run {@code count} callers until {@code duration} has passed or each made {@code maxCalls} calls, then
	 * wait at most {@code grace} more for calls in progress.
	 * @throws AssertionError if a caller is still running after the grace, that is, a call hung
	 */
	static void run(String name, int count, Duration duration, int maxCalls, Duration grace, Step step)
			throws InterruptedException {
		AtomicInteger threads = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(count,
				(task) -> new Thread(task, name + "-" + threads.incrementAndGet()));
		long end = System.nanoTime() + duration.toNanos();
		List<Future<?>> loops = new ArrayList<>(count);
		try {
			for (int caller = 0; caller < count; caller++) {
				int index = caller;
				loops.add(pool.submit(() -> {
					for (int call = 0; call < maxCalls && System.nanoTime() < end; call++) {
						step.call(index, call);
					}
				}));
			}
			long deadline = end + grace.toNanos();
			for (Future<?> loop : loops) {
				loop.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (TimeoutException ex) {
			throw new AssertionError("A " + name + " call was still running " + grace + " after the run ended", ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("A " + name + " caller failed outside any call", ex.getCause());
		}
		finally {
			pool.shutdownNow();
			if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(name + " callers did not stop within " + grace);
			}
		}
	}

	/**
	 * One call of one caller.
	 */
	@FunctionalInterface
	interface Step {

		void call(int caller, int call);

	}

}
