package dev.resetguard.retry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetsTests {

	@Test
	void samePeerGetsTheSameBudget() {
		RetryBudgets budgets = new RetryBudgets(RetrySettings.ofDefaults());
		assertThat(budgets.budgetFor("a:80")).isSameAs(budgets.budgetFor("a:80"))
			.isNotSameAs(budgets.budgetFor("b:80"));
	}

	@Test
	void peersBeyondTheLimitShareTheOverflowBudget() {
		RetryBudgets budgets = new RetryBudgets((peer) -> RetrySettings.ofDefaults(), 2, System::nanoTime);
		RetryBudget a = budgets.budgetFor("a:80");
		RetryBudget b = budgets.budgetFor("b:80");
		RetryBudget c = budgets.budgetFor("c:80");
		assertThat(budgets.budgetFor("d:80")).isSameAs(c).isNotSameAs(a).isNotSameAs(b);
		assertThat(budgets.budgetFor("a:80")).isSameAs(a);
	}

	@Test
	void eachPeerBudgetIsBuiltFromItsOwnSettings() {
		RetrySettings generous = RetrySettings.builder().budgetRatio(0.0).budgetMinPerSecond(5).build();
		RetrySettings none = RetrySettings.builder().budgetRatio(0.0).budgetMinPerSecond(0).build();
		Function<String, RetrySettings> settings = (peer) -> peer.equals("payments:443") ? generous : none;
		RetryBudgets budgets = new RetryBudgets(settings, 10, () -> 0L);
		assertThat(budgets.budgetFor("payments:443").tryWithdraw()).isTrue();
		assertThat(budgets.budgetFor("other:443").tryWithdraw()).isFalse();
	}

	@Test
	void overflowBudgetIsBuiltFromTheSettingsOfTheOverflowPeer() {
		RetrySettings overflow = RetrySettings.builder().budgetRatio(0.0).budgetMinPerSecond(1).build();
		RetrySettings none = RetrySettings.builder().budgetRatio(0.0).budgetMinPerSecond(0).build();
		RetryBudgets budgets = new RetryBudgets((peer) -> RetryBudgets.OVERFLOW_PEER.equals(peer) ? overflow : none, 0,
				() -> 0L);
		assertThat(budgets.budgetFor("x:1").tryWithdraw()).isTrue();
		assertThat(budgets.budgetFor("y:1").tryWithdraw()).isFalse();
	}

	@Test
	void concurrentNewPeersNeverExceedTheLimit() throws Exception {
		int maxPeers = 50;
		RetryBudgets budgets = new RetryBudgets((peer) -> RetrySettings.ofDefaults(), maxPeers, System::nanoTime);
		Set<RetryBudget> distinct = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			for (int i = 0; i < 10_000; i++) {
				String peer = "host-" + i + ":80";
				executor.execute(() -> distinct.add(budgets.budgetFor(peer)));
			}
		}
		finally {
			executor.shutdown();
			assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(distinct).hasSize(maxPeers + 1);
	}

}
