package dev.resetguard.socket;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;

/**
 * Retries a connect that a reset interrupted as the peer's retry settings say: up to its maximum
 * attempts, with its jittered exponential backoff, and only while its retry budget allows.
 */
public final class BudgetedConnectRetry implements ConnectRetry {

	private final Function<String, RetrySettings> settings;

	private final RetryBudgets budgets;

	private final Consumer<String> retryObserver;

	/**
	 * Create a connect retry.
	 * @param settings the effective retry settings of each peer
	 * @param budgets the per-peer retry budgets, shared with the other clients
	 * @param retryObserver told the peer of every retry that is granted, for the retry meter
	 */
	public BudgetedConnectRetry(Function<String, RetrySettings> settings, RetryBudgets budgets,
			Consumer<String> retryObserver) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.budgets = Objects.requireNonNull(budgets, "budgets");
		this.retryObserver = Objects.requireNonNull(retryObserver, "retryObserver");
	}

	@Override
	public void connectStarted(String peer) {
		this.budgets.budgetFor(peer).deposit();
	}

	@Override
	public long delayBeforeRetry(String peer, int failedAttempt) {
		RetrySettings peerSettings = this.settings.apply(peer);
		if (failedAttempt >= peerSettings.maxAttempts() || !this.budgets.budgetFor(peer).tryWithdraw()) {
			return -1;
		}
		this.retryObserver.accept(peer);
		return Backoff.of(peerSettings).delayNanos(failedAttempt);
	}

	@Override
	public RetryDecision reasonToStop(String peer, int failedAttempt) {
		return (failedAttempt >= this.settings.apply(peer).maxAttempts()) ? RetryDecision.EXHAUSTED
				: RetryDecision.BUDGET_EXHAUSTED;
	}

}
