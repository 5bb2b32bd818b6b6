package dev.resetguard.reliability.matrix;

import java.util.Arrays;
import java.util.List;

/**
 * What the design says one cell must show, each value as Reset Guard's tag values; a value may list
 * alternatives separated by {@code " or "} where the network itself races (a reset on accept can beat the
 * connect or the request), and a set of several values is written sorted and comma-separated.
 *
 * @param client the client
 * @param method the HTTP method
 * @param fault the fault
 * @param phase the phases of the resets recorded
 * @param cause the causes of the resets recorded
 * @param decision the retry decisions made
 * @param outcome the call outcomes
 * @param serverSaw how many times each call's request reached the server
 * @param deviation why the cell differs from what the design promises, or {@code null} if it does not
 */
record CellExpectation(MatrixClient client, String method, Fault fault, String phase, String cause, String decision,
		String outcome, String serverSaw, String deviation) {

	/**
	 * Whether an observed value is one of the expected alternatives.
	 * @param expected the expected value, possibly with alternatives
	 * @param observed the observed value
	 * @return whether it matches
	 */
	static boolean matches(String expected, String observed) {
		return alternatives(expected).contains(observed);
	}

	private static List<String> alternatives(String expected) {
		return Arrays.stream(expected.split(" or ")).map(String::trim).toList();
	}

}
