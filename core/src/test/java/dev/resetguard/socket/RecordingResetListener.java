package dev.resetguard.socket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every recorded reset for assertions.
 */
final class RecordingResetListener implements ResetEventListener {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onReset(ResetEvent event) {
		this.events.add(event);
	}

	List<ResetEvent> events() {
		return List.copyOf(this.events);
	}

	ResetEvent single() {
		assertThat(this.events).hasSize(1);
		return this.events.get(0);
	}

	/**
	 * Wait until at least the given number of events arrived; reads on other threads report them.
	 */
	List<ResetEvent> awaitAtLeast(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.events.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return events();
	}

}
