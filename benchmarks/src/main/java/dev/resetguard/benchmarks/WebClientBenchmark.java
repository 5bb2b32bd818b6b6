package dev.resetguard.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A keep-alive GET through the auto-configured {@link WebClient} over Reactor Netty, without and with
 * Reset Guard, against a loopback server; the benchmark thread blocks for each response.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WebClientBenchmark {

	/**
	 * Which client: {@code plain} is the baseline, {@code decorated} is Reset Guard's; {@code filter-only}
	 * (Reset Guard's exchange filter over the plain connector) and {@code connector-only} (Reset Guard's
	 * instrumented connector without the filter) tell the two halves of the decoration apart.
	 */
	@Param({ "plain", "decorated", "filter-only", "connector-only" })
	public String variant;

	/** Which loopback server answers. */
	@Param({ "keep-alive" })
	public String server;

	private final ClientBench bench = new ClientBench();

	private WebClient client;

	/** Start the server and the application, and build the client. */
	@Setup(Level.Trial)
	public void start() throws Exception {
		this.bench.start(this.server, this.variant, Map.of("spring.http.clients.reactive.connector", "reactor"),
				"WebClient");
		WebClient.Builder builder = switch (this.variant) {
			case "plain" -> this.bench.plain().webClientBuilder();
			case "decorated" -> this.bench.guarded().webClientBuilder();
			case "filter-only" -> this.bench.guarded()
				.webClientBuilder()
				.clientConnector(this.bench.plain().bean(ClientHttpConnectorBuilder.class).build());
			case "connector-only" -> this.bench.guarded()
				.webClientBuilder()
				.filters((filters) -> filters.removeIf(ResetGuardExchangeFilterFunction.class::isInstance));
			default -> throw new IllegalArgumentException("Unknown variant: " + this.variant);
		};
		this.client = builder.baseUrl(this.bench.url()).build();
	}

	/** Stop everything. */
	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.bench.close();
	}

	/**
	 * One GET.
	 * @return the body, consumed by JMH
	 */
	@Benchmark
	public String get() {
		return this.client.get().uri(ClientBench.PATH).retrieve().bodyToMono(String.class).block();
	}

}
