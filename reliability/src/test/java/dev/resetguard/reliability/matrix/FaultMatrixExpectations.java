package dev.resetguard.reliability.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expectation table of the fault matrix, one row per cell, derived from the design: phases and causes
 * from its definitions, decisions from the retry rules (idempotent requests are retried; a POST under
 * {@code safe-only} only when it surely never reached the peer), outcomes from the call contract. A row's
 * last column explains a cell that differs from the design, naming the client behaviour or the finding.
 */
final class FaultMatrixExpectations {

	// client | method | fault | phase | cause | decision | outcome | server saw | deviation
	private static final String TABLE = """
			""";

	private FaultMatrixExpectations() {
	}

	/**
	 * Return every expectation, by {@link FaultMatrixReport#key cell key}.
	 * @return the expectations
	 */
	static Map<String, CellExpectation> load() {
		Map<String, CellExpectation> expectations = new LinkedHashMap<>();
		for (String line : TABLE.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			String[] columns = line.split("\\|", -1);
			if (columns.length != 9) {
				throw new IllegalStateException("Not a row of 9 columns: " + line);
			}
			MatrixClient client = MatrixClient.valueOf(columns[0].trim());
			String method = columns[1].trim();
			Fault fault = Fault.valueOf(columns[2].trim());
			String deviation = columns[8].trim();
			CellExpectation expectation = new CellExpectation(client, method, fault, columns[3].trim(),
					columns[4].trim(), columns[5].trim(), columns[6].trim(), columns[7].trim(),
					deviation.isEmpty() ? null : deviation);
			if (expectations.put(FaultMatrixReport.key(client, method, fault), expectation) != null) {
				throw new IllegalStateException("Two rows for one cell: " + line);
			}
		}
		return expectations;
	}

}
