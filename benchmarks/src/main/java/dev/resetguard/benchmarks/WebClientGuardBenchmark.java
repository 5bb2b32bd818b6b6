package dev.resetguard.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.web.reactive.ResetGuardExchangeFilterFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The time Reset Guard's WebClient exchange filter adds to a call, resolved to nanoseconds: a GET through the
 * auto-configured WebClient over an exchange function that answers at once from memory, with and without
 * Reset Guard. The exchange function does to the call's attempt what Reset Guard's instrumented channel
 * does (binds its connection and ends its exchange), so the filter takes its usual path; the channel's own
 * work on the event loop is not in it. {@link RestClientGuardBenchmark} is the RestClient counterpart.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class WebClientGuardBenchmark {

	/** {@code plain} is the WebClient over the in-memory exchange; {@code guarded} adds Reset Guard's filter. */
	@Param({ "plain", "guarded" })
	public String variant;

	private BootClients clients;

	private WebClient client;

	/** Start the application and build the client. */
	@Setup(Level.Trial)
	public void start() {
		boolean guarded = "guarded".equals(this.variant);
		this.clients = BootClients.start(guarded, Map.of("spring.http.clients.reactive.connector", "reactor"));
		WebClient.Builder builder = this.clients.webClientBuilder().exchangeFunction(new InMemoryExchange());
		builder.filters((filters) -> {
			if (ResetGuardExchangeFilterFunction.isPresentIn(filters) != guarded) {
				throw new IllegalStateException("Reset Guard's filter should " + (guarded ? "" : "not ")
						+ "be on the " + this.variant + " client; its filters are " + filters);
			}
		});
		this.client = builder.baseUrl("http://127.0.0.1:8080").build();
	}

	/** Stop the application. */
	@TearDown(Level.Trial)
	public void stop() {
		this.clients.close();
	}

	/**
	 * One GET.
	 * @return the body, consumed by JMH
	 */
	@Benchmark
	public String get() {
		return this.client.get().uri(ClientBench.PATH).retrieve().bodyToMono(String.class).block();
	}

	/**
	 * Answers every request with a 200 and a two-byte body, without I/O, on one pooled connection's trace.
	 */
	static final class InMemoryExchange implements ExchangeFunction {

		private final ExchangeStrategies strategies = ExchangeStrategies.withDefaults();

		private final ConnectionTrace connection = new ConnectionTrace("127.0.0.1:8080", ConnectionListener.NONE);

		@Override
		public Mono<ClientResponse> exchange(ClientRequest request) {
			return Mono.deferContextual((context) -> {
				// The plain client's context has no attempt; both look, so both do the same work but the filter's.
				if (context.getOrDefault(Attempt.CONTEXT_KEY, null) instanceof Attempt attempt) {
					attempt.bind(this.connection);
					attempt.exchangeEnded(this.connection);
				}
				return Mono.just(ClientResponse.create(HttpStatus.OK, this.strategies)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_PLAIN_VALUE)
					.body("ok")
					.build());
			});
		}

	}

}
