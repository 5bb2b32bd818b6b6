package dev.resetguard.retry;

import java.util.concurrent.TimeUnit;

/**
 * Waits out a backoff of the {@link dev.resetguard.BlockingRetryLoop} on the calling thread: {@link #THREAD}
 * for the programmatic API, spring-retry for decorated clients, and in tests a recorder of delays.
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
