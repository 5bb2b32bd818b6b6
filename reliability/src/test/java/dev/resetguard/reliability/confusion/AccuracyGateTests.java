package dev.resetguard.reliability.confusion;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.reliability.matrix.MatrixClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the confusion matrix's gate lets through, on tallies made by hand: the suite itself only shows the
 * gate passing.
 */
class AccuracyGateTests {

	private static final MatrixClient INSTRUMENTED = MatrixClient.REST_CLIENT_HTTP_COMPONENTS;

	private static final MatrixClient HIDING = MatrixClient.REST_CLIENT_JDK;

	@Test
	void instrumentedCellBelowNinetyPercentRightFails() {
		CellTally tally = tally(Behaviour.REJECT_EVERY_REQUEST, INSTRUMENTED, 8,
				Map.of(ResetCause.REQUEST_REJECTED, 17L, ResetCause.PEER_RESTART, 3L));
		assertThat(AccuracyGate.violations(tally)).containsExactly("85% of 20 resets tagged request-rejected, below 90%");
	}

	@Test
	void instrumentedCellAtNinetyPercentRightPasses() {
		CellTally tally = tally(Behaviour.REJECT_EVERY_REQUEST, INSTRUMENTED, 8,
				Map.of(ResetCause.REQUEST_REJECTED, 18L, ResetCause.PEER_RESTART, 2L));
		assertThat(AccuracyGate.violations(tally)).isEmpty();
	}

	@Test
	void instrumentedCellWithTooFewResetsIsNotJudgedOnItsShare() {
		CellTally tally = tally(Behaviour.REJECT_EVERY_REQUEST, INSTRUMENTED, 1,
				Map.of(ResetCause.REQUEST_REJECTED, 2L, ResetCause.PEER_RESTART, 2L));
		assertThat(AccuracyGate.violations(tally)).isEmpty();
	}

	@Test
	void knownGapHoldsItsFloor() {
		CellTally tally = tally(Behaviour.INSTANT_RESTART, INSTRUMENTED, 8,
				Map.of(ResetCause.PEER_RESTART, 3L, ResetCause.REQUEST_REJECTED, 7L));
		assertThat(AccuracyGate.violations(tally)).containsExactly("30% of 10 resets tagged peer-restart, below 40%");
	}

	@Test
	void restartWithNoShareDemandedStillAllowsOnlyWhatARestartCanLookLike() {
		CellTally oneCaller = tally(Behaviour.CRASH_RESTART, INSTRUMENTED, 1,
				Map.of(ResetCause.STALE_CONNECTION, 5L, ResetCause.CONNECT_REJECTED, 1L));
		assertThat(AccuracyGate.violations(oneCaller))
			.containsExactly("1 of 6 resets tagged connect-rejected, which the facts of this behaviour never show");
		CellTally eightCallers = tally(Behaviour.CRASH_RESTART, INSTRUMENTED, 8,
				Map.of(ResetCause.REQUEST_REJECTED, 5L, ResetCause.CONNECT_REJECTED, 1L, ResetCause.MIDDLEBOX, 1L));
		assertThat(AccuracyGate.violations(eightCallers))
			.containsExactly("1 of 7 resets tagged middlebox, which the facts of this behaviour never show");
	}

	@Test
	void resetOnAcceptMayOnlyBeTaggedAsTheRaceShowsIt() {
		CellTally race = tally(Behaviour.RESET_ON_ACCEPT, INSTRUMENTED, 8,
				Map.of(ResetCause.REQUEST_REJECTED, 42L, ResetCause.CONNECT_REJECTED, 5L));
		assertThat(AccuracyGate.violations(race)).isEmpty();
		CellTally wrong = tally(Behaviour.RESET_ON_ACCEPT, INSTRUMENTED, 8,
				Map.of(ResetCause.REQUEST_REJECTED, 40L, ResetCause.PEER_RESTART, 2L));
		assertThat(AccuracyGate.violations(wrong))
			.containsExactly("2 of 42 resets tagged peer-restart, which the facts of this behaviour never show");
	}

	@Test
	void clientThatHidesItsConnectionsMayOnlySayUnknownOrTheRightCause() {
		CellTally honest = tally(Behaviour.REJECT_EVERY_REQUEST, HIDING, 8, Map.of(ResetCause.UNKNOWN, 20L));
		assertThat(AccuracyGate.violations(honest)).isEmpty();
		CellTally wrong = tally(Behaviour.REJECT_EVERY_REQUEST, HIDING, 8,
				Map.of(ResetCause.UNKNOWN, 19L, ResetCause.STALE_CONNECTION, 1L));
		assertThat(AccuracyGate.violations(wrong))
			.containsExactly("1 of 20 resets tagged stale-connection by a client that hides its connections");
	}

	private static CellTally tally(Behaviour behaviour, MatrixClient client, int callers, Map<ResetCause, Long> counts) {
		Map<ResetCause, Long> causes = new EnumMap<>(ResetCause.class);
		for (ResetCause cause : ResetCause.values()) {
			causes.put(cause, counts.getOrDefault(cause, 0L));
		}
		return new CellTally(new ConfusionCell(behaviour, client, callers), causes, 1, 10, Map.of(), 1.0, List.of());
	}

}
