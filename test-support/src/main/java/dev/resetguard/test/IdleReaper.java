package dev.resetguard.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Closes keep-alive connections that stay idle longer than the configured timeout, the way a server or
 * load balancer idle timeout does.
 */
final class IdleReaper implements Runnable {

	private static final long TICK_MILLIS = 5;

	private static final long DISABLED_TICK_MILLIS = 20;

	private final ConnectionRegistry registry;

	private final CountDownLatch stopping;

	private volatile @Nullable Setting setting;

	IdleReaper(ConnectionRegistry registry, CountDownLatch stopping) {
		this.registry = registry;
		this.stopping = stopping;
	}

	void configure(@Nullable Duration after, @Nullable CloseMode mode) {
		this.setting = (after != null) ? new Setting(after.toNanos(), mode) : null;
	}

	@Override
	public void run() {
		try {
			// One sweep per tick until the server stops.
			while (!this.stopping.await(tick(), TimeUnit.MILLISECONDS)) {
				Setting current = this.setting;
				if (current != null) {
					this.registry.closeIdle(current.afterNanos, current.mode);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long tick() {
		return (this.setting != null) ? TICK_MILLIS : DISABLED_TICK_MILLIS;
	}

	private record Setting(long afterNanos, CloseMode mode) {
	}

}
