package dev.resetguard.benchmarks;

/**
 * The {@code --name=value} options of the report mains ({@link AllocationReport}, {@link CpuReport}).
 */
final class ReportOptions {

	private ReportOptions() {
	}

	/**
	 * Return the value of an integer option.
	 * @param args the command-line arguments
	 * @param prefix the option with its {@code =}, such as {@code --rounds=}
	 * @param defaultValue the value when the option is absent
	 * @return the value
	 */
	static int intOption(String[] args, String prefix, int defaultValue) {
		return Integer.parseInt(stringOption(args, prefix, String.valueOf(defaultValue)));
	}

	/**
	 * Return the value of an option.
	 * @param args the command-line arguments
	 * @param prefix the option with its {@code =}, such as {@code --clients=}
	 * @param defaultValue the value when the option is absent
	 * @return the value
	 */
	static String stringOption(String[] args, String prefix, String defaultValue) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return defaultValue;
	}

}
