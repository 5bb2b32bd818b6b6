package dev.resetguard.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the overhead benchmarks in one JVM run and writes a Markdown report: each decorated result as
 * a ratio against its plain baseline from the same run, allocation per operation from JMH's GC
 * profiler, and the classifier's absolute cost, with the command, JDK and machine that produced it.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.resetguard.benchmarks.OverheadReport
 * [output.md] [--rounds=3] [--quick]}.
 */
public final class OverheadReport {

	private static final String ALLOCATION = "gc.alloc.rate.norm";

	private static final int DEFAULT_ROUNDS = 3;

	private OverheadReport() {
	}

	/**
	 * Run the benchmarks and write the report.
	 * @param args the output file (default {@code benchmarks/results/overhead.md}), {@code --rounds=N} and
	 * {@code --quick} for a short smoke run of one round
	 * @throws RunnerException if JMH fails
	 * @throws IOException if the report cannot be written
	 */
	public static void main(String[] args) throws RunnerException, IOException {
		boolean quick = List.of(args).contains("--quick");
		int rounds = List.of(args).stream().filter((arg) -> arg.startsWith("--rounds=")).findFirst()
			.map((arg) -> Integer.parseInt(arg.substring("--rounds=".length()))).orElse(quick ? 1 : DEFAULT_ROUNDS);
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/overhead.md"));
		String loadAtStart = MachineFacts.loadAverage();
		List<Collection<RunResult>> results = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			OptionsBuilder options = new OptionsBuilder();
			options.include(OverheadReport.class.getPackageName() + ".*Benchmark");
			if (round > 0) {
				// Absolute costs need one measurement; only decorated/plain pairs are repeated.
				options.exclude(ClassifierBenchmark.class.getSimpleName());
			}
			options.addProfiler("gc")
				.addProfiler(CpuTimeProfiler.class)
				.forks(1)
				.warmupIterations(quick ? 1 : 3)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(quick ? 2 : 3)
				.measurementTime(TimeValue.seconds(1));
			results.add(new Runner(options.build()).run());
		}
		String report = render(results, String.join(" ", args), quick, loadAtStart);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	private static String render(List<Collection<RunResult>> rounds, String args, boolean quick, String loadAtStart) {
		StringBuilder report = new StringBuilder();
		report.append("# Overhead benchmarks\n\n");
		report.append("Command: `./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar ")
			.append("dev.resetguard.benchmarks.OverheadReport").append(args.isEmpty() ? "" : " " + args).append("`\n\n");
		report.append(MachineFacts.markdown());
		report.append("- Load average at end: ").append(MachineFacts.loadAverage()).append(" (at start ")
			.append(loadAtStart).append(")\n");
		report.append("- JMH: ").append(rounds.size()).append(" round(s), each a fresh fork per benchmark and variant, ")
			.append(quick ? "1×1 s warm-up, 2×1 s" : "3×1 s warm-up, 3×1 s")
			.append(" measurement, GC profiler and process CPU time per operation\n\n");
		appendRatios(report, rounds);
		appendAbsolute(report, rounds.get(0));
		return report.toString();
	}

	private static void appendRatios(StringBuilder report, List<Collection<RunResult>> rounds) {
		// benchmark and other parameters -> variant -> one result per round it succeeded in
		Map<String, Map<String, List<RunResult>>> byBenchmark = new TreeMap<>();
		// benchmark and other parameters -> the variants its class declares
		Map<String, List<String>> declared = new TreeMap<>();
		for (Collection<RunResult> round : rounds) {
			for (RunResult result : round) {
				String variant = result.getParams().getParam("variant");
				if (variant != null) {
					String key = name(result) + otherParams(result);
					byBenchmark.computeIfAbsent(key, (k) -> new LinkedHashMap<>())
						.computeIfAbsent(variant, (k) -> new ArrayList<>())
						.add(result);
					declared.computeIfAbsent(key, (k) -> declaredVariants(result));
				}
			}
		}
		report.append("## Decorated against plain, same run\n\n");
		report.append("Each round runs plain and every other variant back to back; the ratio is the median of the ")
			.append("rounds' ratios (each round's ratio in brackets), so that load drifting between rounds on a shared ")
			.append("machine cancels out. Allocation is the median per operation across rounds, every thread of the ")
			.append("JVM included (client, event loop and the loopback server). The CPU ratio is plain's CPU time per ")
			.append("operation over decorated's, every thread of the JVM included: it bounds the throughput ratio a ")
			.append("CPU-bound caller would see, and unlike throughput it hardly moves with other load on the machine.\n\n");
		report.append("| benchmark | plain | decorated | throughput ratio (decorated / plain) | CPU ratio (plain / decorated) "
				+ "| plain CPU µs/op | decorated CPU µs/op | plain B/op | decorated B/op | extra B/op |\n");
		report.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Map.Entry<String, Map<String, List<RunResult>>> entry : byBenchmark.entrySet()) {
			Map<String, List<RunResult>> variants = entry.getValue();
			List<RunResult> plain = variants.getOrDefault("plain", List.of());
			List<String> others = new ArrayList<>(declared.get(entry.getKey()));
			// A variant that ran but is not declared (a -p override) is reported all the same.
			variants.keySet().stream().filter((variant) -> !others.contains(variant)).forEach(others::add);
			others.remove("plain");
			for (String variant : others) {
				String name = entry.getKey() + ("decorated".equals(variant) ? "" : " (" + variant + ")");
				appendRatio(report, name, variant, plain, variants.getOrDefault(variant, List.of()), rounds.size());
			}
		}
		report.append('\n');
	}

	// The values of the benchmark class's variant parameter, in declaration order; none if the class cannot
	// be read, and then the variants that ran are reported.
	private static List<String> declaredVariants(RunResult result) {
		String method = result.getParams().getBenchmark();
		try {
			Param param = Class.forName(method.substring(0, method.lastIndexOf('.')))
				.getField("variant")
				.getAnnotation(Param.class);
			if (param != null) {
				return List.of(param.value());
			}
		}
		catch (ReflectiveOperationException ex) {
			// Reported from the variants that ran.
		}
		return List.of();
	}

	// A variant that failed in some round has no ratio for it: the report says which failed, and where.
	private static void appendRatio(StringBuilder report, String name, String variant, List<RunResult> plain,
			List<RunResult> decorated, int rounds) {
		if (plain.size() != rounds || decorated.size() != rounds) {
			String failures = Stream.of(failures("plain", plain, rounds), failures(variant, decorated, rounds))
				.filter((failure) -> !failure.isEmpty())
				.collect(Collectors.joining(", "));
			report.append("| ").append(name).append(" | ").append(scoreOrFailure(plain, rounds)).append(" | ")
				.append(scoreOrFailure(decorated, rounds)).append(" | not measured: ").append(failures)
				.append(" (JMH printed why) | | | | | | |\n");
			return;
		}
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < plain.size(); i++) {
			ratios.add(throughputRatio(plain.get(i).getPrimaryResult(), decorated.get(i).getPrimaryResult()));
		}
		StringBuilder each = new StringBuilder();
		for (double ratio : ratios) {
			each.append((each.length() == 0) ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", ratio));
		}
		double plainAllocation = median(plain.stream().map(OverheadReport::allocation).toList());
		double decoratedAllocation = median(decorated.stream().map(OverheadReport::allocation).toList());
		double plainCpu = median(plain.stream().map(OverheadReport::cpu).toList());
		double decoratedCpu = median(decorated.stream().map(OverheadReport::cpu).toList());
		report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f [%s] | **%.3f** | %.2f | %.2f | %.1f | %.1f | %.1f |%n",
				name, score(medianResult(plain)), score(medianResult(decorated)), median(ratios), each,
				plainCpu / decoratedCpu, plainCpu / 1000, decoratedCpu / 1000, plainAllocation, decoratedAllocation,
				decoratedAllocation - plainAllocation));
	}

	private static String scoreOrFailure(List<RunResult> results, int rounds) {
		return results.isEmpty() ? "failed" : score(medianResult(results)) + ((results.size() < rounds) ? " (some rounds)" : "");
	}

	private static String failures(String variant, List<RunResult> results, int rounds) {
		return (results.size() == rounds) ? "" : variant + " failed in " + (rounds - results.size()) + " of " + rounds
				+ " round(s)";
	}

	private static Result<?> medianResult(List<RunResult> results) {
		List<RunResult> sorted = new ArrayList<>(results);
		sorted.sort((a, b) -> Double.compare(a.getPrimaryResult().getScore(), b.getPrimaryResult().getScore()));
		return sorted.get(sorted.size() / 2).getPrimaryResult();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static void appendAbsolute(StringBuilder report, Collection<RunResult> results) {
		List<RunResult> absolute = new ArrayList<>();
		for (RunResult result : results) {
			if (result.getParams().getParam("variant") == null) {
				absolute.add(result);
			}
		}
		if (absolute.isEmpty()) {
			return;
		}
		report.append("## Absolute cost\n\n| benchmark | parameters | score | B/op |\n|---|---|---|---|\n");
		for (RunResult result : absolute) {
			StringBuilder params = new StringBuilder();
			for (String key : result.getParams().getParamsKeys()) {
				params.append(key).append('=').append(result.getParams().getParam(key)).append(' ');
			}
			report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f |%n", name(result), params.toString().trim(),
					score(result.getPrimaryResult()), allocation(result)));
		}
		report.append('\n');
	}

	// Throughput: higher is better; average time: lower is better. Either way >1 means decorated is faster.
	private static double throughputRatio(Result<?> plain, Result<?> decorated) {
		boolean time = plain.getScoreUnit().contains("/op");
		return time ? plain.getScore() / decorated.getScore() : decorated.getScore() / plain.getScore();
	}

	// Benchmarks with more parameters than the variant are paired within each combination of the others.
	private static String otherParams(RunResult result) {
		StringBuilder params = new StringBuilder();
		for (String key : result.getParams().getParamsKeys()) {
			if (!"variant".equals(key)) {
				params.append((params.length() == 0) ? " [" : ", ").append(key).append('=')
					.append(result.getParams().getParam(key));
			}
		}
		return (params.length() == 0) ? "" : params.append(']').toString();
	}

	private static double cpu(RunResult result) {
		Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.CPU_PER_OP);
		return (cpu != null) ? cpu.getScore() : Double.NaN;
	}

	private static double allocation(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
		return (allocation != null) ? allocation.getScore() : Double.NaN;
	}

	private static String score(Result<?> result) {
		return String.format(Locale.ROOT, "%.1f ± %.1f %s", result.getScore(), result.getScoreError(),
				result.getScoreUnit());
	}

	private static String name(RunResult result) {
		String label = result.getParams().getBenchmark();
		return label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
	}

}
