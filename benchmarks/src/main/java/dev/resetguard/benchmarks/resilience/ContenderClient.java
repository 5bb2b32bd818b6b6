package dev.resetguard.benchmarks.resilience;

import java.util.Map;
import java.util.TreeMap;

import dev.resetguard.benchmarks.BootClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A contender's client ready to make logical calls: the {@link RestClient}, what retries around it, the
 * observer of its attempts, and the application it came from.
 */
final class ContenderClient implements AutoCloseable {

	static final String REQUEST_ID = "X-Request-Id";

	private final BootClients application;

	private final RestClient client;

	private final Contender.Retrier retrier;

	private final AttemptObserver observer;

	ContenderClient(BootClients application, RestClient client, Contender.Retrier retrier, AttemptObserver observer) {
		this.application = application;
		this.client = client;
		this.retrier = retrier;
		this.observer = observer;
	}

	/**
	 * Make one logical call; every attempt of it carries the same request id.
	 * @param post whether to POST a small body instead of a GET
	 * @param path the path
	 * @param requestId the call's id
	 * @throws Exception the call's failure
	 */
	void call(boolean post, String path, String requestId) throws Exception {
		this.retrier.call(() -> post ? this.client.post()
			.uri(path)
			.header(REQUEST_ID, requestId)
			.contentType(MediaType.TEXT_PLAIN)
			.body("order " + requestId)
			.retrieve()
			.body(String.class)
				: this.client.get().uri(path).header(REQUEST_ID, requestId).retrieve().body(String.class));
	}

	AttemptObserver observer() {
		return this.observer;
	}

	/**
	 * Return the sum of a Reset Guard counter, 0 when Reset Guard is not there.
	 * @param name the meter name
	 * @return the count
	 */
	long counter(String name) {
		MeterRegistry registry = this.application.meterRegistry();
		return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
	}

	/**
	 * Return the sums of a Reset Guard counter by one of its tags, empty when Reset Guard is not there.
	 * @param name the meter name
	 * @param tag the tag key
	 * @return the counts by tag value, sorted by value
	 */
	Map<String, Long> counterByTag(String name, String tag) {
		Map<String, Long> counts = new TreeMap<>();
		for (Counter counter : this.application.meterRegistry().find(name).counters()) {
			counts.merge(String.valueOf(counter.getId().getTag(tag)), (long) counter.count(), Long::sum);
		}
		return counts;
	}

	@Override
	public void close() {
		this.application.close();
	}

}
