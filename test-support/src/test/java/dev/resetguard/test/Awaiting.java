package dev.resetguard.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls a condition that another thread makes true, failing the test if it stays false for 5 s.
 */
final class Awaiting {

	private static final Duration PATIENCE = Duration.ofSeconds(5);

	private Awaiting() {
	}

	static void until(BooleanSupplier condition) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		assertThat(condition.getAsBoolean()).as("condition within %s", PATIENCE).isTrue();
	}

	static Thread[] chaosThreads(int port) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("chaos-" + port + "-"))
			.toArray(Thread[]::new);
	}

}
