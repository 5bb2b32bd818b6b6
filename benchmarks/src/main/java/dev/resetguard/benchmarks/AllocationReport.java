package dev.resetguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.sun.management.ThreadMXBean;
import dev.resetguard.web.reactive.ResetGuardExchangeFilterFunction;

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Measures the heap each keep-alive GET allocates, plain against decorated, per client path, exactly rather
 * than sampled: the bytes every live thread allocated across a batch of calls, read from the JVM's
 * per-thread counters, divided by the calls. Plain and decorated run in the same JVM, alternately, and each
 * keeps the least of its rounds, as JIT decisions and pool warm-up only ever add to a round. The calling
 * thread is reported apart: for the blocking clients it is where the decoration runs.
 * <p>
 * JMH's {@code -prof gc} divides the whole JVM's allocation rate by the throughput and scatters by a few
 * hundred bytes per call between forks here; this harness resolves tens of bytes.
 */
public final class AllocationReport {

	private static final int WARM_UP_CALLS = 30_000;

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private AllocationReport() {
	}

	/**
	 * Run the measurement and write the report.
	 * @param args the output file (default {@code benchmarks/results/allocation.md}), {@code --rounds=N}
	 * (default 5), {@code --calls=N} per round (default 20,000), {@code --warm-up=N} calls per variant
	 * (default 30,000) and {@code --clients=} some of {@code apache,jdk,webclient} (default all)
	 * @throws Exception if a client or the server cannot be started
	 */
	public static void main(String[] args) throws Exception {
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/allocation.md"));
		int rounds = ReportOptions.intOption(args, "--rounds=", 5);
		int calls = ReportOptions.intOption(args, "--calls=", 20_000);
		int warmUpCalls = ReportOptions.intOption(args, "--warm-up=", WARM_UP_CALLS);
		List<String> clients = List
			.of(ReportOptions.stringOption(args, "--clients=", "apache,jdk,webclient").split(","));
		String loadAtStart = MachineFacts.loadAverage();
		List<Row> rows = measure(clients, rounds, calls, warmUpCalls);
		String report = render(rows, String.join(" ", args), rounds, calls, warmUpCalls, loadAtStart);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	/**
	 * Measure the given client paths against one loopback server.
	 * @param clients some of {@code apache}, {@code jdk} and {@code webclient}
	 * @param rounds the rounds per variant, of which the least counts
	 * @param calls the calls per round
	 * @param warmUpCalls the calls each variant makes before the first round
	 * @return a row per client path, and per half of WebClient's decoration
	 * @throws Exception if a client or the server cannot be started
	 */
	static List<Row> measure(List<String> clients, int rounds, int calls, int warmUpCalls) throws Exception {
		THREADS.setThreadAllocatedMemoryEnabled(true);
		Batches batches = new Batches(rounds, calls, warmUpCalls);
		List<Row> rows = new ArrayList<>();
		try (KeepAliveServer server = KeepAliveServer.start()) {
			String url = server.url("");
			if (clients.contains("apache")) {
				rows.add(measureRestClient("RestClient · Apache HttpClient 5", "http-components", url, batches));
			}
			if (clients.contains("jdk")) {
				rows.add(measureRestClient("RestClient · JDK HttpClient", "jdk", url, batches));
			}
			if (clients.contains("webclient")) {
				rows.addAll(measureWebClient(url, batches));
			}
		}
		return rows;
	}

	private static Row measureRestClient(String title, String factory, String url, Batches batches)
			throws Exception {
		Map<String, Object> properties = Map.of("spring.http.clients.imperative.factory", factory);
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			RestClient plainClient = plain.restClientBuilder().baseUrl(url).build();
			RestClient guardedClient = guarded.restClientBuilder().baseUrl(url).build();
			return measure(title, () -> plainClient.get().uri(ClientBench.PATH).retrieve().body(String.class),
					() -> guardedClient.get().uri(ClientBench.PATH).retrieve().body(String.class), batches);
		}
	}

	// The two halves of the decoration are measured apart too: Reset Guard's exchange filter over the plain
	// connector, and Reset Guard's instrumented connector without the filter.
	private static List<Row> measureWebClient(String url, Batches batches) throws Exception {
		Map<String, Object> properties = Map.of("spring.http.clients.reactive.connector", "reactor");
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			WebClient plainClient = plain.webClientBuilder().baseUrl(url).build();
			WebClient guardedClient = guarded.webClientBuilder().baseUrl(url).build();
			WebClient filterOnly = guarded.webClientBuilder()
				.clientConnector(plain.bean(ClientHttpConnectorBuilder.class).build())
				.baseUrl(url)
				.build();
			WebClient connectorOnly = guarded.webClientBuilder()
				.filters((filters) -> filters.removeIf(ResetGuardExchangeFilterFunction.class::isInstance))
				.baseUrl(url)
				.build();
			return List.of(measure("WebClient · Reactor Netty", get(plainClient), get(guardedClient), batches),
					measure("WebClient: Reset Guard's filter only", get(plainClient), get(filterOnly), batches),
					measure("WebClient: Reset Guard's connector only", get(plainClient), get(connectorOnly), batches));
		}
	}

	private static Supplier<String> get(WebClient client) {
		return () -> client.get().uri(ClientBench.PATH).retrieve().bodyToMono(String.class).block();
	}

	private static Row measure(String title, Supplier<String> plain, Supplier<String> decorated, Batches batches) {
		int rounds = batches.rounds();
		int calls = batches.calls();
		run(plain, batches.warmUpCalls());
		run(decorated, batches.warmUpCalls());
		Allocation plainBest = null;
		Allocation decoratedBest = null;
		for (int round = 0; round < rounds; round++) {
			// Alternate which goes first, so neither always runs on the heels of the other's garbage.
			if (round % 2 == 0) {
				plainBest = Allocation.least(plainBest, batch(plain, calls));
				decoratedBest = Allocation.least(decoratedBest, batch(decorated, calls));
			}
			else {
				decoratedBest = Allocation.least(decoratedBest, batch(decorated, calls));
				plainBest = Allocation.least(plainBest, batch(plain, calls));
			}
		}
		return new Row(title, plainBest, decoratedBest);
	}

	private static Allocation batch(Supplier<String> call, int calls) {
		long callingThread = Thread.currentThread().getId();
		Map<Long, Long> before = allocatedByThread();
		run(call, calls);
		Map<Long, Long> after = allocatedByThread();
		long all = 0;
		for (Map.Entry<Long, Long> thread : after.entrySet()) {
			// A thread started during the batch allocated all it has within it.
			all += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
		}
		long calling = after.get(callingThread) - before.get(callingThread);
		return new Allocation((double) calling / calls, (double) all / calls);
	}

	/**
	 * Make calls, each of which must be answered "ok".
	 * @param call one call
	 * @param calls how many
	 */
	static void run(Supplier<String> call, int calls) {
		for (int i = 0; i < calls; i++) {
			if (!"ok".equals(call.get())) {
				throw new IllegalStateException("Unexpected answer from the loopback server");
			}
		}
	}

	private static Map<Long, Long> allocatedByThread() {
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		Map<Long, Long> allocated = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				allocated.put(ids[i], bytes[i]);
			}
		}
		return allocated;
	}

	private static String render(List<Row> rows, String arguments, int rounds, int calls, int warmUpCalls,
			String loadAtStart) {
		StringBuilder report = new StringBuilder();
		report.append("# Allocation per call, plain against decorated\n\n");
		report.append("Heap bytes allocated per keep-alive GET against the loopback `KeepAliveServer`, from the JVM's ")
			.append("per-thread counters: on the calling thread, and summed over every live thread. Least of ")
			.append(rounds)
			.append(" rounds of ")
			.append(String.format(Locale.ROOT, "%,d", calls))
			.append(" calls per variant, alternating, after ")
			.append(String.format(Locale.ROOT, "%,d", warmUpCalls))
			.append(" warm-up calls each.\n\n");
		report.append("Command: `java -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.AllocationReport");
		if (!arguments.isEmpty()) {
			report.append(' ').append(arguments);
		}
		report.append("`\n\n");
		report.append(MachineFacts.markdown());
		report.append("- Load average at end: ").append(MachineFacts.loadAverage()).append(" (at start ")
			.append(loadAtStart).append(")\n\n");
		report.append("| client | calling thread, plain | calling thread, decorated | extra | all threads, plain | ")
			.append("all threads, decorated | extra |\n");
		report.append("|---|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			report.append(String.format(Locale.ROOT, "| %s | %.0f B | %.0f B | **%+.0f B** | %.0f B | %.0f B | **%+.0f B** |%n",
					row.title(), row.plain().callingThread(), row.decorated().callingThread(),
					row.decorated().callingThread() - row.plain().callingThread(), row.plain().allThreads(),
					row.decorated().allThreads(), row.decorated().allThreads() - row.plain().allThreads()));
		}
		return report.toString();
	}

	/**
	 * How many calls each variant makes.
	 */
	private record Batches(int rounds, int calls, int warmUpCalls) {

	}

	/**
	 * Bytes per call of one batch.
	 * @param callingThread allocated by the thread that made the calls
	 * @param allThreads allocated by every live thread
	 */
	record Allocation(double callingThread, double allThreads) {

		// Each figure is kept at its own least: the rounds' noise only ever adds.
		static Allocation least(Allocation best, Allocation next) {
			return (best == null) ? next : new Allocation(Math.min(best.callingThread, next.callingThread),
					Math.min(best.allThreads, next.allThreads));
		}

	}

	/**
	 * One client path's figures.
	 * @param title the client path
	 * @param plain the least allocation of the plain client
	 * @param decorated the least allocation of the decorated client
	 */
	record Row(String title, Allocation plain, Allocation decorated) {

	}

}
