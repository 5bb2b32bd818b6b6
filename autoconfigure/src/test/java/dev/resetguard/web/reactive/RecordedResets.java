package dev.resetguard.web.reactive;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;

/**
 * Collects the resets the application context records, in order.
 */
final class RecordedResets implements ResetEventListener {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onReset(ResetEvent event) {
		this.events.add(event);
	}

	List<ResetEvent> events() {
		return List.copyOf(this.events);
	}

	ResetEvent single() {
		List<ResetEvent> recorded = events();
		if (recorded.size() != 1) {
			throw new AssertionError("Expected one reset, got " + recorded);
		}
		return recorded.get(0);
	}

}
