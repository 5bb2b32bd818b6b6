package dev.resetguard.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
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

import org.springframework.web.client.RestClient;

/**
 * A keep-alive GET through the auto-configured {@link RestClient} over Apache HttpClient 5, without
 * and with Reset Guard, against a loopback server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RestClientApacheBenchmark {

	/**
	 * Which client: {@code plain} is the baseline, {@code decorated} is Reset Guard's; {@code guard-only}
	 * (Reset Guard's request factory over the plain application's Apache request factory, without Reset
	 * Guard's Apache customizer) and {@code apache-only} (the plain builder over Reset Guard's customized
	 * Apache request factory, without Reset Guard's request factory) tell the parts of the decoration apart.
	 */
	@Param({ "plain", "decorated", "guard-only", "apache-only" })
	public String variant;

	/** Which loopback server answers. */
	@Param({ "keep-alive" })
	public String server;

	private final ClientBench bench = new ClientBench();

	private RestClient client;

	/** Start the server and the application, and build the client. */
	@Setup(Level.Trial)
	public void start() throws Exception {
		this.bench.start(this.server, this.variant, Map.of("spring.http.clients.imperative.factory", "http-components"),
				"RestClient");
		RestClient.Builder builder = switch (this.variant) {
			case "plain" -> this.bench.plain().restClientBuilder();
			case "decorated" -> this.bench.guarded().restClientBuilder();
			// A request factory set on a builder replaces Reset Guard's decoration, so the customizer comes last.
			case "guard-only" -> this.bench.plain()
				.restClientBuilder()
				.requestFactory(this.bench.plain().requestFactory())
				.apply(this.bench.guarded().bean(ResetGuardRestClientCustomizer.class)::customize);
			case "apache-only" -> this.bench.plain()
				.restClientBuilder()
				.requestFactory(this.bench.guarded().requestFactory());
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
		return this.client.get().uri(ClientBench.PATH).retrieve().body(String.class);
	}

}
