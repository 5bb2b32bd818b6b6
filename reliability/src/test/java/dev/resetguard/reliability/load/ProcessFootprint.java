package dev.resetguard.reliability.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live threads and the heap in use after full collections, to compare before and after a run.
 *
 * @param threads the number of live threads
 * @param threadNames how many live threads share each name, digits stripped (to tell what grew)
 * @param usedHeapBytes heap in use after a few {@link System#gc()} calls
 */
record ProcessFootprint(int threads, Map<String, Integer> threadNames, long usedHeapBytes) {

	private static final int COLLECTIONS = 4;

	/**
	 * Measure now: collect a few times (the first collections may only move objects between
	 * generations), then read the heap in use and the live threads.
	 */
	static ProcessFootprint measure() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < COLLECTIONS; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		Map<String, Integer> names = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			names.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
		}
		return new ProcessFootprint(ManagementFactory.getThreadMXBean().getThreadCount(), names, used);
	}

	/**
	 * Measure until at most {@code baseline.threads + tolerance} threads are live or {@code patience} has
	 * passed: threads that end by themselves (pools shutting down, idle timers) need a moment.
	 */
	static ProcessFootprint settle(ProcessFootprint baseline, int tolerance, Duration patience)
			throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		ProcessFootprint now = measure();
		while (now.threads() > baseline.threads() + tolerance && System.nanoTime() < deadline) {
			Thread.sleep(200);
			now = measure();
		}
		return now;
	}

	/**
	 * Return the thread names whose count differs from {@code baseline}, with the difference.
	 */
	Map<String, Integer> threadsGrownSince(ProcessFootprint baseline) {
		Map<String, Integer> grown = new TreeMap<>();
		this.threadNames.forEach((name, count) -> {
			int delta = count - baseline.threadNames().getOrDefault(name, 0);
			if (delta != 0) {
				grown.put(name, delta);
			}
		});
		baseline.threadNames().forEach((name, count) -> {
			if (!this.threadNames.containsKey(name)) {
				grown.put(name, -count);
			}
		});
		return grown;
	}

}
