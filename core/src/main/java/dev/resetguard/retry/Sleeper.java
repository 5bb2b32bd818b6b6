package dev.resetguard.retry;

import java.util.concurrent.TimeUnit;

/**
 * Waits out a backoff on the calling thread. Replaceable so that tests can record delays instead of
 * sleeping through them.
 */
@FunctionalInterface
public interface Sleeper {

	/** Sleeps on the calling thread, and throws at once if the thread is or gets interrupted, even for no delay. */
	Sleeper THREAD = (nanos) -> {
		// TimeUnit.sleep skips a zero delay without looking at the interrupt flag.
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		TimeUnit.NANOSECONDS.sleep(nanos);
	};

	/**
	 * Wait for the given time.
	 * @param nanos the time to wait, in nanoseconds
	 * @throws InterruptedException if the thread was interrupted before or while waiting
	 */
	void sleep(long nanos) throws InterruptedException;

}
