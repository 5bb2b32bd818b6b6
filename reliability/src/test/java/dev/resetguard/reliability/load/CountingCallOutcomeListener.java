package dev.resetguard.reliability.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;

/**
 * A user's {@link CallOutcomeListener} bean that counts the outcomes it is handed, by client and outcome,
 * so a test can check that each call reported exactly one.
 */
final class CountingCallOutcomeListener implements CallOutcomeListener {

	private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		this.counts.computeIfAbsent(key(client, outcome), (key) -> new LongAdder()).increment();
	}

	long total(ClientKind client) {
		String prefix = client.tagValue() + "/";
		return this.counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.mapToLong((entry) -> entry.getValue().sum())
			.sum();
	}

	long count(ClientKind client, CallOutcome outcome) {
		LongAdder count = this.counts.get(key(client, outcome));
		return (count != null) ? count.sum() : 0;
	}

	Map<String, Long> counts() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	private static String key(ClientKind client, CallOutcome outcome) {
		return client.tagValue() + "/" + outcome.tagValue();
	}

}
