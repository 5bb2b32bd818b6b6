package dev.resetguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.google.monitoring.runtime.instrumentation.AllocationRecorder;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Lists, class by class, the objects a decorated call allocates beyond a plain one: every
 * allocation on every thread is counted by Google's allocation instrumenter, during a batch of plain calls
 * and then a batch of decorated calls in the same JVM. It tells what {@link AllocationReport}'s totals are
 * made of.
 * <p>
 * The instrumenter sees each object before the JIT could prove it never escapes, so objects that escape
 * analysis removes are counted too; and it does not see objects made by lambdas, whose classes are hidden.
 * Run with the agent the build copies next to the benchmarks jar:
 * {@code java -javaagent:benchmarks/target/agents/java-allocation-instrumenter.jar -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.AllocationBreakdown --client=webclient}
 */
public final class AllocationBreakdown {

	private static final int WARM_UP_CALLS = 10_000;

	private static final int CALLS = 2_000;

	private static final double SHOWN_BYTES_PER_CALL = 4;

	private static final ThreadLocal<Boolean> recording = ThreadLocal.withInitial(() -> Boolean.FALSE);

	private static volatile Map<String, LongAdder> bytesByClass;

	private AllocationBreakdown() {
	}

	/**
	 * Count the allocations and write the report.
	 * @param args {@code --client=} one of {@code webclient} (default), {@code apache} or {@code jdk}, and the
	 * output file (default {@code benchmarks/results/allocation-breakdown-<client>.md})
	 * @throws Exception if a client or the server cannot be started
	 */
	public static void main(String[] args) throws Exception {
		String client = List.of(args).stream().filter((arg) -> arg.startsWith("--client=")).findFirst()
			.map((arg) -> arg.substring("--client=".length())).orElse("webclient");
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/allocation-breakdown-" + client + ".md"));
		AllocationRecorder.addSampler((count, description, object, size) -> {
			Map<String, LongAdder> counts = bytesByClass;
			// The sampler's own allocations must not be counted, nor recurse into it.
			if (counts == null || recording.get()) {
				return;
			}
			recording.set(Boolean.TRUE);
			try {
				// The recorder names an array by its component type and gives its length as the count.
				String name = (count >= 0) ? description + "[]" : description;
				counts.computeIfAbsent(name, (key) -> new LongAdder()).add(size);
			}
			finally {
				recording.set(Boolean.FALSE);
			}
		});
		Map<String, Object> properties = switch (client) {
			case "webclient" -> Map.of("spring.http.clients.reactive.connector", "reactor");
			case "apache" -> Map.of("spring.http.clients.imperative.factory", "http-components");
			case "jdk" -> Map.of("spring.http.clients.imperative.factory", "jdk");
			default -> throw new IllegalArgumentException("Unknown client: " + client);
		};
		Map<String, LongAdder> plainBytes;
		Map<String, LongAdder> decoratedBytes;
		try (KeepAliveServer server = KeepAliveServer.start();
				BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			Supplier<String> plainCall = get(client, plain, server.url(""));
			Supplier<String> decoratedCall = get(client, guarded, server.url(""));
			AllocationReport.run(plainCall, WARM_UP_CALLS);
			AllocationReport.run(decoratedCall, WARM_UP_CALLS);
			plainBytes = count(plainCall);
			decoratedBytes = count(decoratedCall);
		}
		String report = render(client, String.join(" ", args), plainBytes, decoratedBytes);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	private static Supplier<String> get(String client, BootClients clients, String url) {
		if ("webclient".equals(client)) {
			WebClient webClient = clients.webClientBuilder().baseUrl(url).build();
			return () -> webClient.get().uri(ClientBench.PATH).retrieve().bodyToMono(String.class).block();
		}
		RestClient restClient = clients.restClientBuilder().baseUrl(url).build();
		return () -> restClient.get().uri(ClientBench.PATH).retrieve().body(String.class);
	}

	private static Map<String, LongAdder> count(Supplier<String> call) {
		Map<String, LongAdder> counts = new ConcurrentHashMap<>();
		bytesByClass = counts;
		AllocationReport.run(call, CALLS);
		bytesByClass = null;
		return counts;
	}

	private static String render(String client, String arguments, Map<String, LongAdder> plain,
			Map<String, LongAdder> decorated) {
		List<String> classes = new ArrayList<>(decorated.keySet());
		plain.keySet().stream().filter((name) -> !decorated.containsKey(name)).forEach(classes::add);
		classes.sort((a, b) -> Double.compare(Math.abs(extra(plain, decorated, b)), Math.abs(extra(plain, decorated, a))));
		StringBuilder report = new StringBuilder();
		report.append("# ").append(client).append(": what a decorated call allocates beyond a plain one\n\n");
		report.append(String.format(Locale.ROOT, "Every allocation on every thread during %,d plain and then %,d decorated ",
				CALLS, CALLS))
			.append("keep-alive GETs, counted by Google's allocation instrumenter, per call. Classes whose figure ")
			.append("moves by less than ")
			.append((int) SHOWN_BYTES_PER_CALL)
			.append(" B per call are left out. Objects that escape analysis would remove are counted; objects ")
			.append("made by lambdas are not.\n\n");
		report.append("Command: `java -javaagent:benchmarks/target/agents/java-allocation-instrumenter.jar ")
			.append("-cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.AllocationBreakdown ")
			.append(arguments)
			.append("`\n\n");
		report.append(MachineFacts.markdown()).append('\n');
		report.append("| class | plain, B per call | decorated, B per call | extra |\n|---|---|---|---|\n");
		double total = 0;
		for (String name : classes) {
			double extra = extra(plain, decorated, name);
			total += extra;
			if (Math.abs(extra) >= SHOWN_BYTES_PER_CALL) {
				report.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f | %+.1f |%n", name.replace('/', '.'),
						perCall(plain, name), perCall(decorated, name), extra));
			}
		}
		report.append(String.format(Locale.ROOT, "| all classes | %.1f | %.1f | **%+.1f** |%n", sum(plain), sum(decorated),
				total));
		return report.toString();
	}

	private static double extra(Map<String, LongAdder> plain, Map<String, LongAdder> decorated, String name) {
		return perCall(decorated, name) - perCall(plain, name);
	}

	private static double perCall(Map<String, LongAdder> counts, String name) {
		LongAdder bytes = counts.get(name);
		return (bytes != null) ? bytes.sum() / (double) CALLS : 0;
	}

	private static double sum(Map<String, LongAdder> counts) {
		return counts.values().stream().mapToLong(LongAdder::sum).sum() / (double) CALLS;
	}

}
