package dev.resetguard.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallRetryStateTests {

	private static final RequestTraits GET = RequestTraits.ofHttp("GET", null, true);

	private static final RequestTraits POST = RequestTraits.ofHttp("POST", null, true);

	private static final RetrySettings SETTINGS = RetrySettings.builder()
		.maxAttempts(3)
		.initialBackoff(Duration.ofMillis(100))
		.multiplier(2.0)
		.maxBackoff(Duration.ofMillis(300))
		.jitter(0)
		.build();

	@Test
	void startCreditsThePeersBudgetOnce() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, () -> 0L);
		CallRetryState.start(SETTINGS, budget, () -> 0.5);
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void resetThatMayBeRetriedTakesOneRetryFromTheBudget() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, () -> 0L);
		CallRetryState retry = CallRetryState.start(SETTINGS, budget, () -> 0.5);
		assertThat(retry.stopAfterReset(GET, RequestExposure.SENT, 1)).isNull();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void requestThatIsNotSafeToRepeatStopsFirstWithoutTouchingTheBudget() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, () -> 0L);
		CallRetryState retry = CallRetryState.start(SETTINGS, budget, () -> 0.5);
		assertThat(retry.stopAfterReset(POST, RequestExposure.SENT, 3)).isEqualTo(CallOutcome.NOT_RETRYABLE);
		assertThat(budget.tryWithdraw()).isTrue();
	}

	@Test
	void requestThatNeverLeftMayBeRetriedEvenIfNotIdempotent() {
		CallRetryState retry = CallRetryState.start(SETTINGS, new RetryBudget(1.0, 0), () -> 0.5);
		assertThat(retry.stopAfterReset(POST, RequestExposure.NOT_SENT, 1)).isNull();
	}

	@Test
	void lastAttemptStopsExhaustedBeforeTheBudgetIsAsked() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, () -> 0L);
		CallRetryState retry = CallRetryState.start(SETTINGS, budget, () -> 0.5);
		assertThat(retry.stopAfterReset(GET, RequestExposure.SENT, 3)).isEqualTo(CallOutcome.EXHAUSTED);
		assertThat(budget.tryWithdraw()).isTrue();
	}

	@Test
	void emptyBudgetStopsBudgetExhausted() {
		CallRetryState retry = CallRetryState.start(SETTINGS, new RetryBudget(0, 0), () -> 0.5);
		assertThat(retry.stopAfterReset(GET, RequestExposure.SENT, 1)).isEqualTo(CallOutcome.BUDGET_EXHAUSTED);
	}

	@Test
	void backoffGrowsFromAttemptToAttemptUpToTheCap() {
		CallRetryState retry = CallRetryState.start(SETTINGS, new RetryBudget(1.0, 0), () -> 0.5);
		assertThat(retry.backoffNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
		assertThat(retry.backoffNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
		assertThat(retry.backoffNanos(3)).isEqualTo(Duration.ofMillis(300).toNanos());
	}

	@Test
	void callWithoutResetSucceedsAfterOneAttemptAndRecoversAfterMore() {
		CallRetryState retry = CallRetryState.start(SETTINGS, new RetryBudget(1.0, 0), () -> 0.5);
		assertThat(retry.outcomeWithoutReset(1)).isEqualTo(CallOutcome.SUCCESS);
		assertThat(retry.outcomeWithoutReset(2)).isEqualTo(CallOutcome.RECOVERED);
	}

	@Test
	void callThatWaitedForARestartingPeerRecoversEvenAfterOneAttempt() {
		CallRetryState retry = CallRetryState.start(SETTINGS, new RetryBudget(1.0, 0), () -> 0.5);
		retry.waitedForPeer();
		assertThat(retry.outcomeWithoutReset(1)).isEqualTo(CallOutcome.RECOVERED);
	}

}
