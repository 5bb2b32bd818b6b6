package dev.resetguard.web.client;

import java.util.concurrent.TimeUnit;

import dev.resetguard.retry.Sleeper;

/**
 * Waits out the backoffs of decorated clients with a spring-retry {@link org.springframework.retry.backoff.Sleeper},
 * the blocking retry engine our design names: Reset Guard decides every retry and its delay, spring-retry
 * waits.
 */
final class SpringRetrySleeper implements Sleeper {

	private final org.springframework.retry.backoff.Sleeper sleeper;

	SpringRetrySleeper(org.springframework.retry.backoff.Sleeper sleeper) {
		this.sleeper = sleeper;
	}

	@Override
	public void sleep(long nanos) throws InterruptedException {
		// A call interrupted before a retry ends even when the retry owes no wait.
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		if (nanos > 0) {
			// Rounded up, so that no backoff is cut short; spring-retry waits in milliseconds.
			long millis = TimeUnit.NANOSECONDS.toMillis(nanos + TimeUnit.MILLISECONDS.toNanos(1) - 1);
			this.sleeper.sleep(millis);
		}
	}

}
