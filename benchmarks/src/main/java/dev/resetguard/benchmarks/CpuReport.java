package dev.resetguard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import com.sun.management.ThreadMXBean;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Measures the CPU time each keep-alive GET costs, plain against decorated, per client path, the way
 * {@link AllocationReport} measures heap: plain and decorated alternate in one JVM, batch after batch, and
 * the JVM's per-thread CPU counters (user and system time) are read before and after each batch, on the
 * calling thread and on every other thread that served the calls: event loops, the JDK client's selector
 * and executor threads. Each round's ratio compares two batches run milliseconds apart; the
 * figure is the median of the rounds' ratios, printed with the interval that holds it with 95% confidence
 * and the rounds' spread.
 * <p>
 * The loopback server runs in the same JVM. Its threads are in the figure and are also reported apart: on
 * loopback the sending thread does much of the receiving side's kernel work, so the server's threads carry
 * part of each call's cost; it answers both variants with the same bytes.
 * The JIT compiler and the garbage collector run on threads the JVM does not list, so they are not in the
 * figure (allocation has its own report).
 * <p>
 * The control is the socket streams: a 64 KiB read or write through a plain socket and through one made
 * by {@link ResetGuardSocketFactory}, whose streams allocate nothing and add a clock read and a few counters
 * per call, over sockets with the same options and fixed buffers. Each is a {@link LoopbackPeer} whose far
 * end the calling thread drives itself, sending the chunk just before the read or taking it just after the
 * write, so each read and write is one system call that never waits and the calling thread carries the whole
 * call. With a peer thread flooding or draining the connection instead, the read rounds' ratios spread from
 * 0.86 to 1.19 in their middle half, with fixed buffers or without, as a read's system calls and wake-ups
 * then depend on what the peer thread has sent by then; this way they spread from 0.98 to 1.01. Measured
 * this way, plain against plain and decorated against decorated came out within 0.001 of 1.00, so what
 * remains of the control's distance from 1.00 (0.2% to 0.7% over several runs) is the decorated streams'
 * own work. Their ratios, and the intervals that hold them, must lie within 1.00 ± 0.01; otherwise the
 * report says the run cannot resolve the difference.
 */
public final class CpuReport {

	private static final double TARGET = 0.98;

	private static final int CHUNK = 64 * 1024;

	private static final String IN_MEMORY_URL = "http://127.0.0.1:8080";

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private CpuReport() {
	}

	/**
	 * Run the measurement and write the report.
	 * @param args the output file (default {@code benchmarks/results/cpu.md}), {@code --rounds=N} (default
	 * 800), {@code --batch-millis=N}, the time each batch should take (default 20), {@code --warm-up=N} calls
	 * per variant (default 20,000, and never more than {@code --warm-up-seconds=N}, default 8) and
	 * {@code --clients=} some of {@code apache,jdk,webclient,no-io,socket} (default all)
	 * @throws Exception if a client or the server cannot be started
	 */
	public static void main(String[] args) throws Exception {
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/cpu.md"));
		Plan plan = new Plan(ReportOptions.intOption(args, "--rounds=", 800),
				ReportOptions.intOption(args, "--batch-millis=", 20), ReportOptions.intOption(args, "--warm-up=", 20_000),
				ReportOptions.intOption(args, "--warm-up-seconds=", 8));
		List<String> clients = List
			.of(ReportOptions.stringOption(args, "--clients=", "apache,jdk,webclient,no-io,socket").split(","));
		// Read before the run, so that date and load average are those of its start.
		String machineAtStart = MachineFacts.markdown();
		long started = System.nanoTime();
		List<Row> rows = measure(clients, plan);
		long seconds = (System.nanoTime() - started) / 1_000_000_000L;
		String report = render(rows, String.join(" ", args), plan, machineAtStart, seconds);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	/**
	 * Measure the given paths.
	 * @param clients some of {@code apache}, {@code jdk}, {@code webclient}, {@code no-io} (the RestClient and
	 * WebClient decorations without I/O) and {@code socket}
	 * @param plan how many calls and rounds
	 * @return a row per path, two for the decorations without I/O and two for the socket streams
	 * @throws Exception if a client or the server cannot be started
	 */
	static List<Row> measure(List<String> clients, Plan plan) throws Exception {
		if (!THREADS.isThreadCpuTimeSupported()) {
			throw new IllegalStateException("This JVM cannot measure per-thread CPU time");
		}
		THREADS.setThreadCpuTimeEnabled(true);
		List<Row> rows = new ArrayList<>();
		try (KeepAliveServer server = KeepAliveServer.start()) {
			String url = server.url("");
			if (clients.contains("apache")) {
				rows.add(measureRestClient("RestClient · Apache HttpClient 5", "http-components", url,
						server.threadIds(), plan));
			}
			if (clients.contains("jdk")) {
				rows.add(measureRestClient("RestClient · JDK HttpClient", "jdk", url, server.threadIds(), plan));
			}
			if (clients.contains("webclient")) {
				rows.add(measureWebClient(url, server.threadIds(), plan));
			}
		}
		if (clients.contains("no-io")) {
			rows.add(measureRestClientWithoutIo(plan));
			rows.add(measureWebClientWithoutIo(plan));
		}
		if (clients.contains("socket")) {
			rows.addAll(measureSocketStreams(plan));
		}
		return rows;
	}

	private static Row measureRestClient(String title, String factory, String url, Set<Long> serverThreads, Plan plan) {
		Map<String, Object> properties = Map.of("spring.http.clients.imperative.factory", factory);
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			RestClient plainClient = plain.restClientBuilder().baseUrl(url).build();
			RestClient guardedClient = guarded.restClientBuilder().baseUrl(url).build();
			return measure(title, Kind.CLIENT, answered(() -> plainClient.get().uri(ClientBench.PATH).retrieve().body(String.class)),
					answered(() -> guardedClient.get().uri(ClientBench.PATH).retrieve().body(String.class)),
					serverThreads, plan);
		}
	}

	private static Row measureWebClient(String url, Set<Long> serverThreads, Plan plan) {
		Map<String, Object> properties = Map.of("spring.http.clients.reactive.connector", "reactor");
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			WebClient plainClient = plain.webClientBuilder().baseUrl(url).build();
			WebClient guardedClient = guarded.webClientBuilder().baseUrl(url).build();
			return measure("WebClient · Reactor Netty", Kind.CLIENT, answered(get(plainClient)), answered(get(guardedClient)),
					serverThreads, plan);
		}
	}

	// What RestClientGuardBenchmark measures: the decoration alone, over a request factory answering from memory.
	private static Row measureRestClientWithoutIo(Plan plan) {
		Map<String, Object> properties = Map.of("spring.http.clients.imperative.factory", "jdk");
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			RestClient plainClient = plain.restClientBuilder()
				.requestFactory(new RestClientGuardBenchmark.InMemoryRequestFactory())
				.baseUrl(IN_MEMORY_URL)
				.build();
			// A request factory set on a builder replaces Reset Guard's decoration, so the customizer comes last.
			RestClient guardedClient = guarded.restClientBuilder()
				.requestFactory(new RestClientGuardBenchmark.InMemoryRequestFactory())
				.apply(guarded.bean(ResetGuardRestClientCustomizer.class)::customize)
				.baseUrl(IN_MEMORY_URL)
				.build();
			return measure("RestClient decoration alone, no I/O", Kind.BOUND,
					answered(() -> plainClient.get().uri(ClientBench.PATH).retrieve().body(String.class)),
					answered(() -> guardedClient.get().uri(ClientBench.PATH).retrieve().body(String.class)), Set.of(),
					plan);
		}
	}

	// What WebClientGuardBenchmark measures: the exchange filter alone, over an exchange answering from memory.
	private static Row measureWebClientWithoutIo(Plan plan) {
		Map<String, Object> properties = Map.of("spring.http.clients.reactive.connector", "reactor");
		try (BootClients plain = BootClients.start(false, properties);
				BootClients guarded = BootClients.start(true, properties)) {
			WebClient plainClient = plain.webClientBuilder()
				.exchangeFunction(new WebClientGuardBenchmark.InMemoryExchange())
				.baseUrl(IN_MEMORY_URL)
				.build();
			WebClient guardedClient = guarded.webClientBuilder()
				.exchangeFunction(new WebClientGuardBenchmark.InMemoryExchange())
				.baseUrl(IN_MEMORY_URL)
				.build();
			return measure("WebClient filter alone, no I/O", Kind.BOUND, answered(get(plainClient)),
					answered(get(guardedClient)), Set.of(), plan);
		}
	}

	static Supplier<String> get(WebClient client) {
		return () -> client.get().uri(ClientBench.PATH).retrieve().bodyToMono(String.class).block();
	}

	static Runnable answered(Supplier<String> call) {
		return () -> {
			if (!"ok".equals(call.get())) {
				throw new IllegalStateException("Unexpected answer from the loopback server");
			}
		};
	}

	// Each variant has its own connections, so the two never share a connection's buffers. The far ends run on
	// the calling thread: a call's bytes are in place before the measured end reads them, so each read and write
	// is one system call that never waits, and no peer thread's scheduling enters the figure. Every call copies
	// through the same array: how a copy runs depends on where its buffer lies, and with an array per variant
	// two plain connections measured against each other came out up to 1.3% apart, against 0.1% with one.
	private static List<Row> measureSocketStreams(Plan plan) throws IOException {
		byte[] chunk = new byte[CHUNK];
		try (LoopbackPeer plainWrites = LoopbackPeer.connect("plain");
				LoopbackPeer plainReads = LoopbackPeer.connect("plain");
				LoopbackPeer decoratedWrites = LoopbackPeer.connect("decorated");
				LoopbackPeer decoratedReads = LoopbackPeer.connect("decorated")) {
			return List.of(
					measure("Socket stream, 64 KiB read (control)", Kind.CONTROL, read(plainReads, chunk),
							read(decoratedReads, chunk), Set.of(), plan),
					measure("Socket stream, 64 KiB write (control)", Kind.CONTROL, write(plainWrites, chunk),
							write(decoratedWrites, chunk), Set.of(), plan));
		}
	}

	private static Runnable read(LoopbackPeer peer, byte[] chunk) throws IOException {
		InputStream in = peer.socket().getInputStream();
		return () -> {
			try {
				peer.send(chunk);
				if (in.readNBytes(chunk, 0, CHUNK) != CHUNK) {
					throw new IllegalStateException("The loopback peer closed the connection");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static Runnable write(LoopbackPeer peer, byte[] chunk) throws IOException {
		OutputStream out = peer.socket().getOutputStream();
		return () -> {
			try {
				out.write(chunk);
				peer.receive(chunk);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static Row measure(String title, Kind kind, Runnable plain, Runnable decorated,
			Set<Long> serverThreads, Plan plan) {
		long warmUpDeadline = plan.warmUpNanos();
		run(plain, plan.warmUpCalls(), System.nanoTime() + warmUpDeadline);
		run(decorated, plan.warmUpCalls(), System.nanoTime() + warmUpDeadline);
		int calls = callsPerBatch(plain, plan);
		// A batch that takes ten times its share of time is cut short: the figures are per call made.
		long batchLimit = plan.batchNanos() * 10;
		List<Batch> plainBatches = new ArrayList<>();
		List<Batch> decoratedBatches = new ArrayList<>();
		for (int round = 0; round < plan.rounds(); round++) {
			// Alternate which goes first, so neither always runs on the heels of the other's garbage.
			if (round % 2 == 0) {
				plainBatches.add(batch(plain, calls, batchLimit, serverThreads));
				decoratedBatches.add(batch(decorated, calls, batchLimit, serverThreads));
			}
			else {
				decoratedBatches.add(batch(decorated, calls, batchLimit, serverThreads));
				plainBatches.add(batch(plain, calls, batchLimit, serverThreads));
			}
		}
		return new Row(title, kind, calls, plainBatches, decoratedBatches);
	}

	// As many calls as the plain variant makes in a batch's time, measured over ten batches' time.
	private static int callsPerBatch(Runnable plain, Plan plan) {
		long start = System.nanoTime();
		int made = run(plain, Integer.MAX_VALUE, start + plan.batchNanos() * 10);
		double nanosPerCall = (double) (System.nanoTime() - start) / made;
		return (int) Math.max(50, Math.min(1_000_000, plan.batchNanos() / nanosPerCall));
	}

	private static Batch batch(Runnable call, int calls, long limitNanos, Set<Long> serverThreads) {
		long callingThread = Thread.currentThread().getId();
		long startedBefore = THREADS.getTotalStartedThreadCount();
		Map<Long, Long> before = cpuByThread();
		long start = System.nanoTime();
		int made = run(call, calls, start + limitNanos);
		Map<Long, Long> after = cpuByThread();
		long started = THREADS.getTotalStartedThreadCount() - startedBefore;
		long caller = after.get(callingThread) - before.get(callingThread);
		long clients = 0;
		long server = 0;
		for (Map.Entry<Long, Long> thread : after.entrySet()) {
			// A thread started during the batch spent all it has within it.
			long spent = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
			if (serverThreads.contains(thread.getKey())) {
				server += spent;
			}
			else {
				clients += spent;
			}
		}
		// Threads that ended within the batch took the time they spent in it with them: those listed before it
		// and gone after it, and those started within it and gone already.
		Set<Long> ended = new HashSet<>(before.keySet());
		ended.removeAll(after.keySet());
		Set<Long> startedAndLive = new HashSet<>(after.keySet());
		startedAndLive.removeAll(before.keySet());
		long lost = ended.size() + Math.max(0, started - startedAndLive.size());
		return new Batch(made, (double) caller / made, (double) clients / made, (double) server / made, lost,
				made < calls);
	}

	/**
	 * Make calls until there are as many as asked or the deadline has passed.
	 * @param call one call
	 * @param calls how many at most
	 * @param deadlineNanos the {@link System#nanoTime()} after which no call starts
	 * @return the calls made, at least one
	 */
	private static int run(Runnable call, int calls, long deadlineNanos) {
		int made = 0;
		do {
			call.run();
			made++;
		}
		while (made < calls && System.nanoTime() - deadlineNanos < 0);
		return made;
	}

	// A thread that ended between the JVM listing it and reading its time reads -1: it is left out.
	private static Map<Long, Long> cpuByThread() {
		long[] ids = THREADS.getAllThreadIds();
		long[] nanos = THREADS.getThreadCpuTime(ids);
		Map<Long, Long> cpu = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (nanos[i] >= 0) {
				cpu.put(ids[i], nanos[i]);
			}
		}
		return cpu;
	}

	private static String render(List<Row> rows, String arguments, Plan plan, String machineAtStart, long seconds) {
		StringBuilder report = new StringBuilder();
		report.append("# CPU time per call, plain against decorated\n\n");
		report.append("Command: `java -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.CpuReport");
		if (!arguments.isEmpty()) {
			report.append(' ').append(arguments);
		}
		report.append("` (after `./mvnw -B -q package -pl benchmarks -am -DskipTests`), ").append(seconds)
			.append(" s\n\n");
		report.append(machineAtStart);
		report.append("- Load average at end: ").append(MachineFacts.loadAverage()).append('\n');
		report.append(String.format(Locale.ROOT, "- %d rounds per path; in each, one batch of the plain variant and one "
				+ "of the decorated, in alternating order, each as many calls as the plain variant makes in about "
				+ "%d ms; after %,d warm-up calls per variant (at most %d s each)%n%n", plan.rounds(),
				plan.batchNanos() / 1_000_000, plan.warmUpCalls(), plan.warmUpNanos() / 1_000_000_000L));
		report.append("CPU time per call is user and system time from the JVM's per-thread counters, summed over every ")
			.append("thread the JVM lists (the calling thread, event loops, the JDK client's own threads and the loopback ")
			.append("server's), divided by the calls of the batch. The ratio is plain over decorated, what a CPU-bound ")
			.append("caller's throughput ratio would be: the median of the rounds' ratios, the interval that holds that ")
			.append("median with 95% confidence, and the middle half and extremes of the rounds' ratios. Plain is the ")
			.append("median of the plain batches; extra is the median of the rounds' differences, decorated less plain, ")
			.append("with its own interval. A path meets the target when its ratio's interval, widened by the ")
			.append("control's distance from 1.00, lies at 0.98 or above, and misses it when it lies below.\n\n");
		report.append("The control is a 64 KiB read or write through a plain socket and through one made by Reset ")
			.append("Guard's factory, each over its own loopback connection with fixed 256 KiB buffers. The calling thread ")
			.append("drives the far end too, sending the chunk just before the read or taking it just after the write, so ")
			.append("that every read and write is one system call that never waits; its figure is the calling thread's ")
			.append("alone and includes the far end's work, the same for both variants.\n\n");
		List<PairedRounds> control = rows.stream().filter((row) -> row.kind() == Kind.CONTROL).map(Row::rounds).toList();
		Resolution resolution = control.isEmpty() ? null : Resolution.of(control);
		appendVerdict(report, resolution);
		report.append("| path | plain µs/call | extra µs/call | 95% interval | ratio (plain / decorated) | 95% interval | ")
			.append("middle half of the rounds | all rounds | target ≥ 0.98 |\n");
		report.append("|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			PairedRounds rounds = row.rounds();
			List<Double> ratios = rounds.ratios();
			double[] extra = rounds.extraInterval();
			double[] interval = rounds.ratioInterval();
			String judgement = switch (row.kind()) {
				case CONTROL -> "control: 1.00 ± 0.01";
				case BOUND -> "not a call: see below";
				case CLIENT -> (resolution != null) ? resolution.judge(rounds, TARGET).text() : "no control ran";
			};
			report.append(String.format(Locale.ROOT,
					"| %s | %.2f | %+.2f | %+.2f to %+.2f | **%.3f** | %.3f–%.3f | %.3f–%.3f | %.3f–%.3f | %s |%n",
					row.title(), micros(PairedRounds.quantile(rounds.plain(), 0.5)), micros(rounds.extra()),
					micros(extra[0]), micros(extra[1]), rounds.ratio(), interval[0], interval[1],
					PairedRounds.quantile(ratios, 0.25), PairedRounds.quantile(ratios, 0.75),
					PairedRounds.quantile(ratios, 0), PairedRounds.quantile(ratios, 1), judgement));
		}
		appendBounds(report, rows);
		report.append("\n## Where the time goes\n\n");
		report.append("Medians over the rounds, µs per call, plain / decorated: the calling thread's share of the figure ")
			.append("above, and the loopback server's. A thread that ended during a batch took the time it spent in the ")
			.append("batch with it; the last column counts such threads over all rounds, plain / decorated.\n\n");
		report.append("| path | calls per batch | calling thread | server threads | batches cut short by the time limit | ")
			.append("threads ended during a batch |\n");
		report.append("|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			report.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %d | %s |%n", row.title(), row.calls(),
					pair(row, Batch::callingThread), pair(row, Batch::server), row.cutShort(), row.endedThreads()));
		}
		return report.toString();
	}

	// Each decoration without I/O is set against the client paths of its kind: their titles begin with the same word.
	private static void appendBounds(StringBuilder report, List<Row> rows) {
		List<Row> bounds = rows.stream().filter((row) -> row.kind() == Kind.BOUND).toList();
		if (bounds.isEmpty()) {
			return;
		}
		report.append("\n## The decorations alone\n\n");
		report.append("Each decoration measured without I/O, over a request factory or exchange function that answers ")
			.append("from memory, as `RestClientGuardBenchmark` and `WebClientGuardBenchmark` do. Its extra CPU time per ")
			.append("call, at the top of its 95% interval, set against a real call's plain CPU time per call gives the ")
			.append("ratio the call would have if the decoration were all Reset Guard added: plain / (plain + extra). ")
			.append("For the JDK client it is all. Below the decoration, Apache's instrumented connections and Reactor ")
			.append("Netty's traced channel and pool add more, so those paths' ratios are at most this.\n\n");
		report.append("| decoration | extra µs/call | 95% interval | client path | plain µs/call | ratio from the decoration alone |\n");
		report.append("|---|---|---|---|---|---|\n");
		for (Row bound : bounds) {
			String client = bound.title().substring(0, bound.title().indexOf(' ')) + " ·";
			double[] extra = bound.rounds().extraInterval();
			for (Row row : rows) {
				if (row.kind() == Kind.CLIENT && row.title().startsWith(client)) {
					double plain = PairedRounds.quantile(row.rounds().plain(), 0.5);
					report.append(String.format(Locale.ROOT, "| %s | %+.2f | %+.2f to %+.2f | %s | %.2f | **%.3f** |%n",
							bound.title(), micros(bound.rounds().extra()), micros(extra[0]), micros(extra[1]), row.title(),
							micros(plain), plain / (plain + Math.max(0, extra[1]))));
				}
			}
		}
	}

	private static void appendVerdict(StringBuilder report, Resolution resolution) {
		if (resolution == null) {
			report.append("The control did not run: this run's resolution is unknown, and no path is judged.\n\n");
			return;
		}
		String verdict = resolution.resolvesRequired() ? "**The control resolves 1% on this run**"
				: "**The control cannot resolve the difference on this run**";
		report.append(verdict).append(String.format(Locale.ROOT, ": its ratios lie within %.4f of 1.00 and their 95%% "
				+ "intervals within %.4f, against the %.2f required.%n%n", resolution.bias(), resolution.widest(),
				Resolution.REQUIRED));
	}

	private static String pair(Row row, ToDoubleFunction<Batch> figure) {
		return String.format(Locale.ROOT, "%.2f / %.2f", micros(median(row.plain(), figure)),
				micros(median(row.decorated(), figure)));
	}

	private static double median(List<Batch> batches, ToDoubleFunction<Batch> figure) {
		return PairedRounds.quantile(batches.stream().map(figure::applyAsDouble).toList(), 0.5);
	}

	private static double micros(double nanos) {
		return nanos / 1000;
	}

	/**
	 * What a path is for.
	 */
	enum Kind {

		/** A client path, judged against the target. */
		CLIENT,

		/** The control, whose ratio should be 1.00. */
		CONTROL,

		/** A decoration without I/O: its extra time against a client path's gives that path's best ratio. */
		BOUND

	}

	/**
	 * How many rounds and calls each path gets.
	 * @param rounds the rounds, each one batch per variant
	 * @param batchMillis about how long a batch takes
	 * @param warmUpCalls the calls each variant makes before the first round
	 * @param warmUpSeconds the longest each variant's warm-up may take
	 */
	record Plan(int rounds, int batchMillis, int warmUpCalls, int warmUpSeconds) {

		long batchNanos() {
			return this.batchMillis * 1_000_000L;
		}

		long warmUpNanos() {
			return this.warmUpSeconds * 1_000_000_000L;
		}

	}

	/**
	 * One batch's CPU time per call, in nanoseconds.
	 * @param calls the calls made
	 * @param callingThread the calling thread's
	 * @param clients every thread's but the server's, the calling thread's included
	 * @param server the loopback server's threads'
	 * @param endedThreads threads that ended during the batch, whose time in it is not counted
	 * @param cutShort whether the time limit stopped the batch before all its calls
	 */
	record Batch(int calls, double callingThread, double clients, double server, long endedThreads, boolean cutShort) {

		/**
		 * Return the CPU time per call of every thread the JVM lists, the server's included.
		 * @return the nanoseconds per call
		 */
		double all() {
			return this.clients + this.server;
		}

	}

	/**
	 * One path's batches.
	 * @param title the path
	 * @param kind what the path is for
	 * @param calls the calls per batch
	 * @param plain the plain variant's batches, one per round
	 * @param decorated the decorated variant's batches, in the same order
	 */
	record Row(String title, Kind kind, int calls, List<Batch> plain, List<Batch> decorated) {

		PairedRounds rounds() {
			return new PairedRounds(this.plain.stream().map(Batch::all).toList(),
					this.decorated.stream().map(Batch::all).toList());
		}

		long cutShort() {
			return this.plain.stream().filter(Batch::cutShort).count()
					+ this.decorated.stream().filter(Batch::cutShort).count();
		}

		String endedThreads() {
			return this.plain.stream().mapToLong(Batch::endedThreads).sum() + " / "
					+ this.decorated.stream().mapToLong(Batch::endedThreads).sum();
		}

	}

}
