package dev.resetguard.dashboards;

/**
 * How a run of an {@link ExternalTool} ended.
 *
 * @param commandLine the command line, for messages
 * @param exitCode the exit code
 * @param output standard output and standard error, interleaved
 */
record ToolRun(String commandLine, int exitCode, String output) {

	/**
	 * Whether the program exited with 0.
	 * @return {@code true} on success
	 */
	boolean succeeded() {
		return this.exitCode == 0;
	}

	/**
	 * Describe the run for an assertion message.
	 * @return the command line, exit code and output
	 */
	String describe() {
		return this.commandLine + " exited with " + this.exitCode + ":\n" + this.output;
	}

}
