package dev.resetguard.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetedConnectRetryTests {

	private final List<String> retries = new ArrayList<>();

	@Test
	void retriesUpToMaxAttemptsWithBackoffWithinBounds() {
		RetrySettings settings = RetrySettings.builder()
			.maxAttempts(3)
			.initialBackoff(Duration.ofMillis(100))
			.multiplier(2.0)
			.jitter(0.5)
			.build();
		BudgetedConnectRetry retry = new BudgetedConnectRetry((peer) -> settings, new RetryBudgets(settings),
				this.retries::add);
		retry.connectStarted("db:5432");
		assertThat(retry.delayBeforeRetry("db:5432", 1)).isBetween(50_000_000L, 100_000_000L);
		assertThat(retry.delayBeforeRetry("db:5432", 2)).isBetween(100_000_000L, 200_000_000L);
		assertThat(retry.delayBeforeRetry("db:5432", 3)).isNegative();
		assertThat(this.retries).containsExactly("db:5432", "db:5432");
	}

	@Test
	void emptyBudgetStopsRetries() {
		RetrySettings settings = RetrySettings.builder().maxAttempts(10).budgetRatio(0.0).budgetMinPerSecond(0).build();
		BudgetedConnectRetry retry = new BudgetedConnectRetry((peer) -> settings, new RetryBudgets(settings),
				this.retries::add);
		retry.connectStarted("db:5432");
		assertThat(retry.delayBeforeRetry("db:5432", 1)).isNegative();
		assertThat(this.retries).isEmpty();
	}

	@Test
	void maxAttemptsOfOneDisablesRetry() {
		RetrySettings settings = RetrySettings.builder().maxAttempts(1).build();
		BudgetedConnectRetry retry = new BudgetedConnectRetry((peer) -> settings, new RetryBudgets(settings),
				this.retries::add);
		assertThat(retry.delayBeforeRetry("db:5432", 1)).isNegative();
	}

}
