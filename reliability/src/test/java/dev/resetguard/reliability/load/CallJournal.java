package dev.resetguard.reliability.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpMethod;

/**
 * Every call the callers made, as they saw it: thread-safe, appended by many callers at once.
 */
final class CallJournal {

	private final ResetClassifier classifier = new ResetClassifier();

	private final Queue<CallRecord> records = new ConcurrentLinkedQueue<>();

	/**
	 * Make one call through {@code client}, time it and record how it ended. A call succeeds when it returns
	 * a body of the expected length; anything else it returns or throws is a failure.
	 */
	void call(LoadClient client, HttpMethod method, String url, String requestId, byte[] body, int expectedLength) {
		long start = System.nanoTime();
		try {
			String answer = client.exchange(method, url, requestId, body);
			boolean whole = answer != null && answer.length() == expectedLength;
			Throwable failure = whole ? null
					: new IllegalStateException("Body of " + ((answer != null) ? answer.length() : "no") + " chars");
			this.records.add(new CallRecord(client.kind(), method, requestId, start, System.nanoTime(), whole, failure,
					false));
		}
		catch (RuntimeException ex) {
			this.records.add(new CallRecord(client.kind(), method, requestId, start, System.nanoTime(), false, ex,
					this.classifier.isReset(ex)));
		}
	}

	List<CallRecord> records() {
		return new ArrayList<>(this.records);
	}

	long count(Predicate<CallRecord> filter) {
		return this.records.stream().filter(filter).count();
	}

	static Predicate<CallRecord> of(ClientKind client) {
		return (record) -> record.client() == client;
	}

	static Predicate<CallRecord> of(HttpMethod method) {
		return (record) -> record.method().equals(method);
	}

}
