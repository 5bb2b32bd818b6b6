package dev.resetguard.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe record of what a {@link ChaosServer} did: connections accepted, request heads read and
 * faults injected. Each injection is recorded before its reset is sent, so a client that has seen a
 * reset always finds it here; a request is marked answered before the last response byte is sent.
 */
public final class ChaosLedger {

	private final Object monitor = new Object();

	private final List<Injection> injections = new ArrayList<>();

	private final List<RequestEntry> requests = new ArrayList<>();

	private final AtomicInteger connectionsAccepted = new AtomicInteger();

	ChaosLedger() {
	}

	/**
	 * Return every injection so far, in the order they were recorded.
	 * @return an immutable snapshot
	 */
	public List<Injection> injections() {
		synchronized (this.monitor) {
			return List.copyOf(this.injections);
		}
	}

	/**
	 * Return the number of injections so far.
	 * @return the number of injections
	 */
	public int injectedCount() {
		synchronized (this.monitor) {
			return this.injections.size();
		}
	}

	/**
	 * Return the number of injections of one kind so far.
	 * @param kind the kind to count
	 * @return the number of injections of that kind
	 */
	public long count(ToxicKind kind) {
		synchronized (this.monitor) {
			return this.injections.stream().filter((injection) -> injection.kind() == kind).count();
		}
	}

	/**
	 * Return every request head read so far, in the order they were read.
	 * @return an immutable snapshot
	 */
	public List<RequestRecord> requests() {
		synchronized (this.monitor) {
			List<RequestRecord> records = new ArrayList<>(this.requests.size());
			for (RequestEntry entry : this.requests) {
				records.add(entry.toRecord());
			}
			return Collections.unmodifiableList(records);
		}
	}

	/**
	 * Return how many times each request id was seen, in order of first appearance; requests without an
	 * id are not counted.
	 * @return an immutable snapshot
	 */
	public Map<String, Long> requestCountsById() {
		Map<String, Long> counts = new LinkedHashMap<>();
		synchronized (this.monitor) {
			for (RequestEntry entry : this.requests) {
				if (entry.requestId != null) {
					counts.merge(entry.requestId, 1L, Long::sum);
				}
			}
		}
		return Collections.unmodifiableMap(counts);
	}

	/**
	 * Return the request ids seen more than once, for example because a client retried a request that
	 * had already reached the server.
	 * @return an immutable list, in order of first appearance
	 */
	public List<String> duplicatedRequestIds() {
		return requestCountsById().entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Return the number of TCP connections accepted so far, including those reset on accept.
	 * @return the number of accepted connections
	 */
	public int connectionsAccepted() {
		return this.connectionsAccepted.get();
	}

	/**
	 * Forget everything recorded so far.
	 */
	public void clear() {
		synchronized (this.monitor) {
			this.injections.clear();
			this.requests.clear();
			this.connectionsAccepted.set(0);
		}
	}

	void connectionAccepted() {
		this.connectionsAccepted.incrementAndGet();
	}

	void recordInjection(long connectionId, ToxicKind kind, long bytesRead, long bytesWritten,
			@Nullable String method, @Nullable String path) {
		Injection injection = new Injection(connectionId, kind, bytesRead, bytesWritten, Instant.now(), method, path);
		synchronized (this.monitor) {
			this.injections.add(injection);
		}
	}

	RequestEntry recordRequest(long connectionId, String method, String path, @Nullable String requestId) {
		RequestEntry entry = new RequestEntry(connectionId, method, path, requestId);
		synchronized (this.monitor) {
			this.requests.add(entry);
		}
		return entry;
	}

	/**
	 * A request that is still being served; its body count and answered flag change until it ends.
	 */
	static final class RequestEntry {

		private final long connectionId;

		private final String method;

		private final String path;

		private final @Nullable String requestId;

		private volatile long bodyBytesRead;

		private volatile boolean answered;

		private RequestEntry(long connectionId, String method, String path, @Nullable String requestId) {
			this.connectionId = connectionId;
			this.method = method;
			this.path = path;
			this.requestId = requestId;
		}

		void bodyBytesRead(long bodyBytesRead) {
			this.bodyBytesRead = bodyBytesRead;
		}

		void answered(boolean answered) {
			this.answered = answered;
		}

		RequestRecord toRecord() {
			return new RequestRecord(this.connectionId, this.method, this.path, this.requestId, this.bodyBytesRead,
					this.answered);
		}

	}

}
