package dev.resetguard.test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon threads one {@link ChaosServer} started, so that closing it can join every one of them.
 */
final class ServerThreads {

	private final Set<Thread> live = ConcurrentHashMap.newKeySet();

	/**
	 * Start a named daemon thread. It is forgotten once it has ended, not as its task returns: a thread
	 * that removed itself could still be alive when {@link #join} looked, and outlive the server's close.
	 */
	Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		this.live.removeIf((started) -> !started.isAlive());
		this.live.add(thread);
		try {
			thread.start();
		}
		catch (RuntimeException | Error ex) {
			this.live.remove(thread);
			throw ex;
		}
		return thread;
	}

	/**
	 * Wait, at most {@code timeout} in total, for every thread to end; interrupt the ones still running
	 * halfway through.
	 * @return whether all threads ended
	 */
	boolean join(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean interrupted = false;
		for (int round = 0; round < 2; round++) {
			long roundEnd = System.nanoTime() + (deadline - System.nanoTime()) / (2 - round);
			for (Thread thread : Set.copyOf(this.live)) {
				long remainingMillis = Math.max(1, (roundEnd - System.nanoTime()) / 1_000_000);
				try {
					thread.join(remainingMillis);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			this.live.removeIf((started) -> !started.isAlive());
			if (this.live.isEmpty()) {
				break;
			}
			this.live.forEach(Thread::interrupt);
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return this.live.isEmpty();
	}

}
