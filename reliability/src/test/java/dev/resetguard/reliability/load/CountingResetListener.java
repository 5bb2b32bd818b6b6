package dev.resetguard.reliability.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;

/**
 * A user's {@link ResetEventListener} bean that counts every reset event it is handed, by cause, so a test
 * can check that every event reached the listeners the metrics also count from.
 */
final class CountingResetListener implements ResetEventListener {

	private final ConcurrentMap<String, LongAdder> byCause = new ConcurrentHashMap<>();

	@Override
	public void onReset(ResetEvent event) {
		this.byCause.computeIfAbsent(event.cause().tagValue(), (cause) -> new LongAdder()).increment();
	}

	long total() {
		return this.byCause.values().stream().mapToLong(LongAdder::sum).sum();
	}

	Map<String, Long> byCause() {
		Map<String, Long> counts = new TreeMap<>();
		this.byCause.forEach((cause, count) -> counts.put(cause, count.sum()));
		return counts;
	}

}
