package dev.resetguard.retry;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.PeerRegistry;

/**
 * The retry budgets of all peers, one per {@code host:port}, kept in a {@link PeerRegistry}: past its
 * bound the budgets of the peers called least are forgotten, and a forgotten peer's next call starts a
 * fresh budget from the settings resolved for it. A peer whose retries a budget must hold back is called
 * often, so it is not the one forgotten. Thread-safe.
 */
public final class RetryBudgets {

	private final PeerRegistry<RetryBudget> budgets;

	/**
	 * Create budgets from the same settings for every peer, with the default peer bound.
	 * @param settings the settings of every peer
	 */
	public RetryBudgets(RetrySettings settings) {
		this((peer) -> settings, PeerRegistry.DEFAULT_MAX_PEERS, System::nanoTime);
	}

	/**
	 * Create budgets.
	 * @param settings the settings of each peer, given its {@code host:port}
	 * @param maxPeers the most peers whose budget is kept, at least 1
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public RetryBudgets(Function<String, RetrySettings> settings, int maxPeers, LongSupplier nanoClock) {
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(nanoClock, "nanoClock");
		this.budgets = new PeerRegistry<>(maxPeers, (peer) -> RetryBudget.of(settings.apply(peer), nanoClock));
	}

	/**
	 * Return the budget of a peer, creating it on first use.
	 * @param peer the peer as {@code host:port}
	 * @return the peer's budget
	 */
	public RetryBudget budgetFor(String peer) {
		return this.budgets.get(Objects.requireNonNull(peer, "peer"));
	}

	/**
	 * Return the most peers whose budget is kept: the bound of every per-peer registry of the calls that
	 * share these budgets.
	 * @return the bound, at least 1
	 */
	public int maxPeers() {
		return this.budgets.maxPeers();
	}

	int size() {
		return this.budgets.size();
	}

}
