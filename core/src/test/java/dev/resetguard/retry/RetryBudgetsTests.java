package dev.resetguard.retry;

import java.util.ArrayList;
import java.util.List;
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
	void peersCalledOftenKeepTheirBudgetWhileOneOffPeersComeAndGo() {
		RetryBudgets budgets = new RetryBudgets((peer) -> RetrySettings.ofDefaults(), 10, System::nanoTime);
		List<RetryBudget> often = new ArrayList<>();
		for (int peer = 0; peer < 3; peer++) {
			often.add(budgets.budgetFor("often-" + peer + ":80"));
		}
		for (int i = 0; i < 1000; i++) {
			for (int peer = 0; peer < 3; peer++) {
				assertThat(budgets.budgetFor("often-" + peer + ":80")).isSameAs(often.get(peer));
			}
			assertThat(often).doesNotContain(budgets.budgetFor("once-" + i + ":80"));
		}
		assertThat(budgets.size()).isEqualTo(10);
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
	void concurrentNewPeersNeverExceedTheBound() throws Exception {
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
		assertThat(distinct).hasSizeGreaterThanOrEqualTo(maxPeers);
		assertThat(budgets.size()).isLessThanOrEqualTo(maxPeers);
	}

}
