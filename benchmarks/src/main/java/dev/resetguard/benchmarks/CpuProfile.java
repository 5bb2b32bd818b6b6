package dev.resetguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.sun.management.ThreadMXBean;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Names where a decorated call's extra CPU time goes, function by function, with the JDK's own profiler
 * (JFR method sampling): {@link CpuReport} says how much CPU Reset Guard adds per call, this says which code
 * spends it. Each client runs plain, then decorated, for a fixed time under a recording that samples every
 * thread but the loopback server's every millisecond, in alternating batches of 100 ms, so that what else
 * the machine does weighs on both alike.
 * <p>
 * A sample belongs to its <em>owner</em>: the innermost frame outside the JDK's own packages, so a
 * {@code HashMap.get} counts for the library that called it. The per-call CPU time of each variant is read
 * from the JVM's per-thread counters over its batches; the samples, taken only while a thread runs Java code,
 * share out its user time, since time in system calls (the socket reads and writes) has no Java sample.
 * Reset Guard's own methods are listed one by one; every other owner is summed per library, plain against
 * decorated, which shows the work a decoration causes inside the client (an extra pipeline handler or
 * Reactor operator) that no Reset Guard frame owns. The shares are what this report is for; the ratio, with its
 * confidence, is {@link CpuReport}'s.
 */
public final class CpuProfile {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private static final String RESET_GUARD = "dev.resetguard.";

	private static final Duration SAMPLING_PERIOD = Duration.ofMillis(1);

	private static final Duration BATCH = Duration.ofMillis(100);

	// JFR stamps a sample with its own clock: samples this close to a switch of variant are left out.
	private static final Duration EDGE = Duration.ofMillis(5);

	private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private CpuProfile() {
	}

	/**
	 * Profile the clients and write the report.
	 * @param args the output file (default {@code benchmarks/results/cpu-profile.md}), {@code --clients=}
	 * some of {@code apache,webclient,jdk} (default {@code apache,webclient}), {@code --seconds=N} the two
	 * variants are profiled together (default 60) and {@code --warm-up=N} calls per variant before it (default 30,000)
	 * @throws Exception if a client or the server cannot be started, or the recording cannot be read
	 */
	public static void main(String[] args) throws Exception {
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/cpu-profile.md"));
		List<String> clients = List.of(ReportOptions.stringOption(args, "--clients=", "apache,webclient").split(","));
		int seconds = ReportOptions.intOption(args, "--seconds=", 60);
		int warmUp = ReportOptions.intOption(args, "--warm-up=", 30_000);
		THREADS.setThreadCpuTimeEnabled(true);
		StringBuilder report = new StringBuilder("# Where a decorated call's CPU time goes\n\n");
		report.append("Command: `java -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.CpuProfile")
			.append(args.length > 0 ? " " + String.join(" ", args) : "").append("`\n\n");
		report.append(MachineFacts.markdown());
		report.append("- ").append(warmUp).append(" warm-up calls per variant and a discarded recording, then ")
			.append(seconds).append(" s of keep-alive GETs, plain and decorated alternating in batches of ")
			.append(BATCH.toMillis()).append(" ms (samples within ").append(EDGE.toMillis())
			.append(" ms of a switch left out), under JFR method sampling every ").append(SAMPLING_PERIOD.toMillis())
			.append(" ms (jdk.ExecutionSample: threads running Java code; time in system calls is in the CPU figure"
					+ " but not in the samples)\n\n");
		try (KeepAliveServer server = KeepAliveServer.start()) {
			for (String client : clients) {
				report.append(profile(client, server, seconds, warmUp));
			}
		}
		report.append("- Load average at end: ").append(MachineFacts.loadAverage()).append('\n');
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	private static String profile(String client, KeepAliveServer server, int seconds, int warmUp) throws Exception {
		String url = server.url("");
		Map<String, Object> properties = switch (client) {
			case "apache" -> Map.of("spring.http.clients.imperative.factory", "http-components");
			case "jdk" -> Map.of("spring.http.clients.imperative.factory", "jdk");
			case "webclient" -> Map.of("spring.http.clients.reactive.connector", "reactor");
			default -> throw new IllegalArgumentException("Unknown client: " + client);
		};
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			Runnable plainCall = call(client, plain, url);
			Runnable guardedCall = call(client, guarded, url);
			for (int i = 0; i < warmUp; i++) {
				plainCall.run();
				guardedCall.run();
			}
			// The first recording of a JVM starts JFR itself and compiles its sampler: a window nobody reads.
			record(plainCall, guardedCall, Math.min(seconds, 5), server.threadIds());
			Window[] windows = record(plainCall, guardedCall, seconds, server.threadIds());
			Window plainWindow = windows[0];
			Window decoratedWindow = windows[1];
			return render(client, plainWindow, decoratedWindow);
		}
	}

	private static Runnable call(String client, BootClients clients, String url) {
		if ("webclient".equals(client)) {
			WebClient webClient = clients.webClientBuilder().baseUrl(url).build();
			return CpuReport.answered(CpuReport.get(webClient));
		}
		RestClient restClient = clients.restClientBuilder().baseUrl(url).build();
		return CpuReport.answered(() -> restClient.get().uri(ClientBench.PATH).retrieve().body(String.class));
	}

	/**
	 * Run the two variants in alternating batches under one recording, and give each sample to the variant
	 * whose batch was running when it was taken.
	 */
	private static Window[] record(Runnable plain, Runnable decorated, int seconds, Set<Long> serverThreads)
			throws Exception {
		Window[] windows = { new Window(), new Window() };
		Runnable[] calls = { plain, decorated };
		List<Batch> batches = new ArrayList<>();
		Path file = Files.createTempFile("reset-guard-cpu-profile", ".jfr");
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ExecutionSample").withPeriod(SAMPLING_PERIOD);
			recording.setToDisk(true);
			recording.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
			for (int round = 0; System.nanoTime() - deadline < 0; round++) {
				for (int i = 0; i < 2; i++) {
					int variant = (round + i) % 2;
					batches.add(batch(variant, calls[variant], windows[variant], serverThreads));
				}
			}
			recording.stop();
			recording.dump(file);
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				RecordedThread thread = event.getThread("sampledThread");
				if (thread != null && serverThreads.contains(thread.getJavaThreadId())) {
					continue;
				}
				Instant taken = event.getStartTime();
				for (Batch batch : batches) {
					if (taken.isAfter(batch.start.plus(EDGE)) && taken.isBefore(batch.end.minus(EDGE))) {
						windows[batch.variant].add(owner(event.getStackTrace()));
						break;
					}
				}
			}
			return windows;
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private static Batch batch(int variant, Runnable call, Window window, Set<Long> serverThreads) {
		Map<Long, Long> cpuBefore = cpuByThread(serverThreads, false);
		Map<Long, Long> userBefore = cpuByThread(serverThreads, true);
		Instant start = Instant.now();
		long deadline = System.nanoTime() + BATCH.toNanos();
		long calls = 0;
		while (System.nanoTime() - deadline < 0) {
			call.run();
			calls++;
		}
		Instant end = Instant.now();
		window.ran(calls, cpuSince(cpuBefore, serverThreads, false), cpuSince(userBefore, serverThreads, true));
		return new Batch(variant, start, end);
	}

	private record Batch(int variant, Instant start, Instant end) {

	}

	/**
	 * Return the innermost frame outside the JDK, as {@code class.method}, or the innermost frame when the
	 * whole stack is the JDK's.
	 */
	private static String owner(RecordedStackTrace stack) {
		if (stack == null || stack.getFrames().isEmpty()) {
			return "(no stack)";
		}
		for (RecordedFrame frame : stack.getFrames()) {
			String type = frame.getMethod().getType().getName();
			if (JDK_PACKAGES.stream().noneMatch(type::startsWith)) {
				return type + "." + frame.getMethod().getName();
			}
		}
		RecordedFrame innermost = stack.getFrames().get(0);
		return innermost.getMethod().getType().getName() + "." + innermost.getMethod().getName();
	}

	private static Map<Long, Long> cpuByThread(Set<Long> serverThreads, boolean userOnly) {
		long[] ids = THREADS.getAllThreadIds();
		long[] nanos = userOnly ? THREADS.getThreadUserTime(ids) : THREADS.getThreadCpuTime(ids);
		Map<Long, Long> cpu = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (nanos[i] >= 0 && !serverThreads.contains(ids[i])) {
				cpu.put(ids[i], nanos[i]);
			}
		}
		return cpu;
	}

	// A thread born in the window counts from zero; one that died in it took its time with it.
	private static long cpuSince(Map<Long, Long> before, Set<Long> serverThreads, boolean userOnly) {
		long total = 0;
		for (Map.Entry<Long, Long> now : cpuByThread(serverThreads, userOnly).entrySet()) {
			total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
		}
		return total;
	}

	private static String render(String client, Window plain, Window decorated) {
		StringBuilder out = new StringBuilder();
		out.append("\n## ").append(client).append("\n\n");
		out.append("| variant | calls | CPU µs per call, client threads | of which user time | samples |\n");
		out.append("|---|---:|---:|---:|---:|\n");
		for (Window window : List.of(plain, decorated)) {
			out.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %,d |%n", (window == plain) ? "plain"
					: "decorated", window.calls, window.cpuPerCallMicros(), window.userPerCallMicros(), window.samples));
		}
		out.append(String.format(Locale.ROOT, "%nExtra CPU per call in these two windows: %+.2f µs (%.1f%% of the"
				+ " decorated call). Reset Guard's own frames own %.1f%% of the decorated samples, %.2f µs of user time per call.%n%n",
				decorated.cpuPerCallMicros() - plain.cpuPerCallMicros(),
				100 * (1 - plain.cpuPerCallMicros() / decorated.cpuPerCallMicros()),
				100 * decorated.share(CpuProfile::isResetGuard), decorated.microsPerCall(CpuProfile::isResetGuard)));
		// The plain application runs no Reset Guard code: a sample of it in a plain batch was given to the wrong batch.
		out.append(String.format(Locale.ROOT, "Samples with a Reset Guard owner in the plain batches, misplaced by the"
				+ " two clocks: %.1f%% (0 when every sample landed in its own batch).%n%n",
				100 * plain.share(CpuProfile::isResetGuard)));
		out.append("### Reset Guard's methods, decorated\n\n");
		out.append("| method (innermost Reset Guard frame owning the sample) | share of samples | user µs per call |\n");
		out.append("|---|---:|---:|\n");
		decorated.owners.entrySet().stream()
			.filter((entry) -> isResetGuard(entry.getKey()))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(25)
			.forEach((entry) -> out.append(String.format(Locale.ROOT, "| `%s` | %.2f%% | %.3f |%n",
					entry.getKey().substring(RESET_GUARD.length()), 100.0 * entry.getValue() / decorated.samples,
					decorated.microsPerCall(entry.getKey()::equals))));
		out.append("\n### Every owner, summed per library, plain against decorated\n\n");
		out.append("| library | plain, user µs per call | decorated, user µs per call | extra |\n|---|---:|---:|---:|\n");
		Map<String, double[]> libraries = new LinkedHashMap<>();
		plain.byLibrary().forEach((library, micros) -> libraries.computeIfAbsent(library, (key) -> new double[2])[0] = micros);
		decorated.byLibrary()
			.forEach((library, micros) -> libraries.computeIfAbsent(library, (key) -> new double[2])[1] = micros);
		List<Map.Entry<String, double[]>> rows = new ArrayList<>(libraries.entrySet());
		rows.sort((a, b) -> Double.compare(Math.abs(b.getValue()[1] - b.getValue()[0]),
				Math.abs(a.getValue()[1] - a.getValue()[0])));
		for (Map.Entry<String, double[]> row : rows.subList(0, Math.min(12, rows.size()))) {
			out.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.2f | %+.2f |%n", row.getKey(), row.getValue()[0],
					row.getValue()[1], row.getValue()[1] - row.getValue()[0]));
		}
		return out.toString();
	}

	private static boolean isResetGuard(String owner) {
		return owner.startsWith(RESET_GUARD) && !owner.startsWith("dev.resetguard.benchmarks.");
	}

	/**
	 * The first two or three package names of an owner: {@code io.netty.channel}, {@code reactor.netty},
	 * {@code org.apache.hc}.
	 */
	private static String library(String owner) {
		String[] parts = owner.split("\\.");
		int depth = (parts[0].length() <= 3) ? 3 : 2;
		return String.join(".", List.of(parts).subList(0, Math.min(depth, parts.length - 2)));
	}

	/**
	 * One variant's profiling window: its calls, its client threads' CPU time, and its samples by owner.
	 */
	private static final class Window {

		private final Map<String, Long> owners = new HashMap<>();

		private long calls;

		private long cpuNanos;

		private long userNanos;

		private long samples;

		void ran(long calls, long cpuNanos, long userNanos) {
			this.calls += calls;
			this.cpuNanos += cpuNanos;
			this.userNanos += userNanos;
		}

		void add(String owner) {
			this.owners.merge(owner, 1L, Long::sum);
			this.samples++;
		}

		double cpuPerCallMicros() {
			return this.cpuNanos / 1000.0 / this.calls;
		}

		double userPerCallMicros() {
			return this.userNanos / 1000.0 / this.calls;
		}

		double share(Predicate<String> owner) {
			long matching = this.owners.entrySet().stream().filter((entry) -> owner.test(entry.getKey()))
				.mapToLong(Map.Entry::getValue).sum();
			return (this.samples > 0) ? (double) matching / this.samples : 0;
		}

		double microsPerCall(Predicate<String> owner) {
			return share(owner) * userPerCallMicros();
		}

		Map<String, Double> byLibrary() {
			Map<String, Double> micros = new HashMap<>();
			this.owners.forEach((owner, count) -> micros.merge(library(owner),
					userPerCallMicros() * count / Math.max(1, this.samples), Double::sum));
			return micros;
		}

	}

}
