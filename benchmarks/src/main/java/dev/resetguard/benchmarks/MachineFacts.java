package dev.resetguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;

/**
 * The facts a benchmark result needs beside it: date, JDK, operating system, cores, heap and the load
 * average, since the figures mean little on a machine busy with other work.
 */
public final class MachineFacts {

	private MachineFacts() {
	}

	/**
	 * Return the facts as Markdown list items, one per line.
	 * @return the Markdown
	 */
	public static String markdown() {
		StringBuilder facts = new StringBuilder();
		facts.append("- Date: ").append(Instant.now()).append('\n');
		facts.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vendor")).append(")\n");
		facts.append("- Machine: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
			.append(' ').append(System.getProperty("os.arch")).append(", ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, max heap ")
			.append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB, load average at start ")
			.append(loadAverage()).append('\n');
		return facts.toString();
	}

	/**
	 * Return the one-minute load average now.
	 * @return the load average, two decimals
	 */
	public static String loadAverage() {
		return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

}
