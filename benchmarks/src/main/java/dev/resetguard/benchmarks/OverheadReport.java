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
 * [output.md] [--quick]}.
 */
public final class OverheadReport {

	private static final String ALLOCATION = "gc.alloc.rate.norm";

	private OverheadReport() {
	}

	/**
	 * Run the benchmarks and write the report.
	 * @param args the output file (default {@code benchmarks/results/overhead.md}) and {@code --quick}
	 * for a short smoke run
	 * @throws RunnerException if JMH fails
	 * @throws IOException if the report cannot be written
	 */
	public static void main(String[] args) throws RunnerException, IOException {
		boolean quick = List.of(args).contains("--quick");
		Path output = Path.of(List.of(args).stream().filter((arg) -> !arg.startsWith("--")).findFirst()
			.orElse("benchmarks/results/overhead.md"));
		Options options = new OptionsBuilder().include(OverheadReport.class.getPackageName() + ".*Benchmark")
			.addProfiler("gc")
			.forks(1)
			.warmupIterations(quick ? 1 : 3)
			.warmupTime(TimeValue.seconds(quick ? 1 : 2))
			.measurementIterations(quick ? 2 : 5)
			.measurementTime(TimeValue.seconds(quick ? 1 : 2))
			.build();
		Collection<RunResult> results = new Runner(options).run();
		String report = render(results, String.join(" ", args), quick);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	private static String render(Collection<RunResult> results, String args, boolean quick) {
		StringBuilder report = new StringBuilder();
		report.append("# Overhead benchmarks\n\n");
		report.append("Command: `./mvnw -B -q -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar ")
			.append("dev.resetguard.benchmarks.OverheadReport").append(args.isEmpty() ? "" : " " + args).append("`\n\n");
		report.append(MachineFacts.markdown());
		report.append("- JMH: 1 fork, ").append(quick ? "1×1 s warm-up, 2×1 s" : "3×2 s warm-up, 5×2 s")
			.append(" measurement, GC profiler\n\n");
		appendRatios(report, results);
		appendAbsolute(report, results);
		return report.toString();
	}

	private static void appendRatios(StringBuilder report, Collection<RunResult> results) {
		Map<String, Map<String, RunResult>> byBenchmark = new TreeMap<>();
		for (RunResult result : results) {
			String variant = result.getParams().getParam("variant");
			if (variant != null) {
				byBenchmark.computeIfAbsent(name(result) + otherParams(result), (key) -> new LinkedHashMap<>())
					.put(variant, result);
			}
		}
		report.append("## Decorated against plain, same run\n\n");
		report.append("| benchmark | plain | decorated | ratio (decorated / plain) | plain B/op | decorated B/op | extra B/op |\n");
		report.append("|---|---|---|---|---|---|---|\n");
		for (Map.Entry<String, Map<String, RunResult>> entry : byBenchmark.entrySet()) {
			RunResult plain = entry.getValue().get("plain");
			for (Map.Entry<String, RunResult> variant : entry.getValue().entrySet()) {
				if (!"plain".equals(variant.getKey())) {
					appendRatio(report, entry.getKey() + ("decorated".equals(variant.getKey()) ? "" : " (" + variant.getKey() + ")"),
							plain, variant.getValue());
				}
			}
			if (!entry.getValue().containsKey("decorated")) {
				appendRatio(report, entry.getKey(), plain, entry.getValue().get("decorated"));
			}
		}
		report.append('\n');
	}

	private static void appendRatio(StringBuilder report, String name, RunResult plain, RunResult decorated) {
		if (plain == null || decorated == null) {
			report.append("| ").append(name).append(" | ").append((plain != null) ? score(plain.getPrimaryResult()) : "failed")
				.append(" | ").append((decorated != null) ? score(decorated.getPrimaryResult()) : "failed")
				.append(" | not measured | | | |\n");
			return;
		}
		Result<?> plainScore = plain.getPrimaryResult();
		Result<?> decoratedScore = decorated.getPrimaryResult();
		double plainAllocation = allocation(plain);
		double decoratedAllocation = allocation(decorated);
		report.append(String.format(Locale.ROOT, "| %s | %s | %s | **%.3f** | %.1f | %.1f | %.1f |%n", name,
				score(plainScore), score(decoratedScore), throughputRatio(plainScore, decoratedScore), plainAllocation,
				decoratedAllocation, decoratedAllocation - plainAllocation));
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
