package dev.resetguard.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBudgetTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final AtomicLong now = new AtomicLong(-5 * SECOND);

	@Test
	void depositsEarnRatioOfATokenEach() {
		RetryBudget budget = new RetryBudget(0.2, 0, 100, this.now::get);
		depositTimes(budget, 10);
		assertThat(withdrawAll(budget)).isEqualTo(2);
	}

	@Test
	void fractionalDepositsAddUpExactly() {
		RetryBudget budget = new RetryBudget(0.1, 0, 100, this.now::get);
		depositTimes(budget, 9);
		assertThat(budget.tryWithdraw()).isFalse();
		budget.deposit();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void withoutDepositsOrReserveNothingIsAllowed() {
		RetryBudget budget = new RetryBudget(0.2, 0, 100, this.now::get);
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void balanceIsCappedSoAQuietSpellCannotSaveUpUnboundedRetries() {
		RetryBudget budget = new RetryBudget(0.5, 0, 20, this.now::get);
		depositTimes(budget, 1_000_000);
		assertThat(withdrawAll(budget)).isEqualTo(20);
	}

	@Test
	void reserveAllowsMinPerSecondWithoutAnyDeposit() {
		RetryBudget budget = new RetryBudget(0.0, 10, 100, this.now::get);
		assertThat(withdrawAll(budget)).isEqualTo(10);
	}

	@Test
	void reserveRefillsEvenlyOverTheSecond() {
		RetryBudget budget = new RetryBudget(0.0, 10, 100, this.now::get);
		withdrawAll(budget);
		this.now.addAndGet(SECOND / 10);
		assertThat(withdrawAll(budget)).isEqualTo(1);
		this.now.addAndGet(SECOND / 2);
		assertThat(withdrawAll(budget)).isEqualTo(5);
	}

	@Test
	void reserveNeverHoldsMoreThanOneSecondsWorth() {
		RetryBudget budget = new RetryBudget(0.0, 10, 100, this.now::get);
		this.now.addAndGet(3600 * SECOND);
		assertThat(withdrawAll(budget)).isEqualTo(10);
	}

	@Test
	void reserveHoldsExactlyMinPerSecondEvenWhenTheIntervalIsNotWhole() {
		RetryBudget budget = new RetryBudget(0.0, 7, 100, this.now::get);
		assertThat(withdrawAll(budget)).isEqualTo(7);
		RetryBudget large = new RetryBudget(0.0, 999_983, 100, this.now::get);
		assertThat(withdrawAll(large)).isEqualTo(999_983);
	}

	@Test
	void earnedTokensAreSpentBeforeTheReserve() {
		RetryBudget budget = new RetryBudget(1.0, 2, 100, this.now::get);
		budget.deposit();
		assertThat(budget.tryWithdraw()).isTrue();
		this.now.addAndGet(3600 * SECOND);
		// Had the reserve paid for the first retry, the earned token would still be there: 3, not 2.
		assertThat(withdrawAll(budget)).isEqualTo(2);
	}

	@Test
	void earnedTokensAndReserveAddUp() {
		RetryBudget budget = new RetryBudget(1.0, 2, 100, this.now::get);
		depositTimes(budget, 3);
		assertThat(withdrawAll(budget)).isEqualTo(5);
	}

	@Test
	void reserveWorksAcrossNanoTimeWrapAround() {
		this.now.set(Long.MAX_VALUE - SECOND / 20);
		RetryBudget budget = new RetryBudget(0.0, 10, 100, this.now::get);
		assertThat(withdrawAll(budget)).isEqualTo(10);
		this.now.addAndGet(SECOND / 10);
		assertThat(this.now.get()).isNegative();
		assertThat(withdrawAll(budget)).isEqualTo(1);
	}

	@Test
	void settingsProvideRatioAndReserve() {
		RetrySettings settings = RetrySettings.builder().budgetRatio(0.5).budgetMinPerSecond(1).build();
		RetryBudget budget = RetryBudget.of(settings, this.now::get);
		depositTimes(budget, 4);
		assertThat(withdrawAll(budget)).isEqualTo(3);
	}

	@Test
	void invalidArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(-1.0, 10))
			.withMessageStartingWith("ratio");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.2, -1))
			.withMessageStartingWith("minPerSecond");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.2, 1, 0, this.now::get))
			.withMessageStartingWith("maxBalance");
	}

	@Test
	void concurrentDepositsAndWithdrawalsNeitherLoseNorInventTokens() throws Exception {
		RetryBudget budget = new RetryBudget(0.5, 0, 1_000_000, this.now::get);
		int threads = 8;
		runConcurrently(threads, () -> {
			depositTimes(budget, 10_000);
			return 0;
		});
		List<Integer> withdrawn = runConcurrently(threads, () -> withdrawAll(budget));
		assertThat(withdrawn.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * 10_000 / 2);
	}

	@Test
	void concurrentWithdrawalsTakeTheReserveExactlyOnce() throws Exception {
		RetryBudget budget = new RetryBudget(0.0, 1000, 100, this.now::get);
		List<Integer> withdrawn = runConcurrently(8, () -> withdrawAll(budget));
		assertThat(withdrawn.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
	}

	@Test
	void aPeerResettingRequestsSentAfterItsFirstResetIsRetriedFromTheReserveOnly() {
		RetryBudget budget = new RetryBudget(1.0, 2, 100, this.now::get);
		depositTimes(budget, 100);
		resetRequestsSentAfterAFirstReset(budget, this.now.get(), RetryBudget.FAILING_PEER_RESETS);
		assertThat(withdrawAll(budget)).as("the reserve, not the 100 saved").isEqualTo(2);
	}

	@Test
	void theResetsOfOneIncidentLeaveTheBalanceToTheRetriesThatRideItOut() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, this.now::get);
		depositTimes(budget, 100);
		long incident = this.now.get();
		for (int i = 0; i < 50; i++) {
			budget.resetUnanswered(incident - 1000 + i, incident + i);
		}
		assertThat(withdrawAll(budget)).isEqualTo(100);
	}

	@Test
	void oneResetTooFewLeavesTheBalance() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, this.now::get);
		depositTimes(budget, 10);
		resetRequestsSentAfterAFirstReset(budget, this.now.get(), RetryBudget.FAILING_PEER_RESETS - 1);
		assertThat(withdrawAll(budget)).isEqualTo(10);
	}

	@Test
	void anAnsweredCallGivesAFailingPeerItsBalanceBack() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, this.now::get);
		depositTimes(budget, 10);
		resetRequestsSentAfterAFirstReset(budget, this.now.get(), RetryBudget.FAILING_PEER_RESETS);
		assertThat(budget.tryWithdraw()).isFalse();
		budget.deposit();
		assertThat(withdrawAll(budget)).isEqualTo(11);
	}

	@Test
	void aFailingPeerIsJudgedAcrossNanoTimeWrapAround() {
		RetryBudget budget = new RetryBudget(1.0, 0, 100, this.now::get);
		depositTimes(budget, 10);
		resetRequestsSentAfterAFirstReset(budget, Long.MAX_VALUE - 1, RetryBudget.FAILING_PEER_RESETS);
		assertThat(budget.tryWithdraw()).isFalse();
	}

	/**
	 * Reset a first request at the given time, then the given number of requests sent after it, one after another.
	 */
	private static void resetRequestsSentAfterAFirstReset(RetryBudget budget, long firstReset, int later) {
		budget.resetUnanswered(firstReset - 1, firstReset);
		for (int i = 1; i <= later; i++) {
			budget.resetUnanswered(firstReset + 2 * i, firstReset + 2 * i + 1);
		}
	}

	private static void depositTimes(RetryBudget budget, int times) {
		for (int i = 0; i < times; i++) {
			budget.deposit();
		}
	}

	private static int withdrawAll(RetryBudget budget) {
		int withdrawn = 0;
		while (budget.tryWithdraw()) {
			withdrawn++;
		}
		return withdrawn;
	}

	private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
