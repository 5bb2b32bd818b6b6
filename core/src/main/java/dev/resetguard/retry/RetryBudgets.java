package dev.resetguard.retry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The retry budgets of all peers, one per {@code host:port}, bounded in number: the first
 * {@code maxPeers} distinct peers get a budget of their own, every further peer shares the single
 * overflow budget of the pseudo-peer {@value #OVERFLOW_PEER}. Thread-safe.
 * <p>
 * A peer's budget is built, when the peer is first seen, from the settings resolved for it; the
 * overflow budget from the settings resolved for {@value #OVERFLOW_PEER}.
 */
public final class RetryBudgets {

	/** Default number of peers that get a budget of their own. */
	public static final int DEFAULT_MAX_PEERS = 1024;

	/** The name under which peers beyond the limit share a budget. */
	public static final String OVERFLOW_PEER = "other";

	private final Function<String, RetrySettings> settings;

	private final int maxPeers;

	private final LongSupplier nanoClock;

	private final ConcurrentMap<String, RetryBudget> budgets = new ConcurrentHashMap<>();

	private final AtomicInteger claimed = new AtomicInteger();

	private final RetryBudget overflow;

	/**
	 * Create budgets from the same settings for every peer, with the default peer limit.
	 * @param settings the settings of every peer
	 */
	public RetryBudgets(RetrySettings settings) {
		this((peer) -> settings, DEFAULT_MAX_PEERS, System::nanoTime);
	}

	/**
	 * Create budgets.
	 * @param settings the settings of each peer, given its {@code host:port}
	 * @param maxPeers the number of peers that get a budget of their own, at least 0
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public RetryBudgets(Function<String, RetrySettings> settings, int maxPeers, LongSupplier nanoClock) {
		if (maxPeers < 0) {
			throw new IllegalArgumentException("maxPeers must be at least 0, but was " + maxPeers);
		}
		this.settings = Objects.requireNonNull(settings, "settings");
		this.maxPeers = maxPeers;
		this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
		this.overflow = RetryBudget.of(settings.apply(OVERFLOW_PEER), nanoClock);
	}

	/**
	 * Return the budget of a peer, creating it on first use.
	 * @param peer the peer as {@code host:port}
	 * @return the peer's budget, or the shared overflow budget once the peer limit is reached
	 */
	public RetryBudget budgetFor(String peer) {
		RetryBudget budget = this.budgets.get(Objects.requireNonNull(peer, "peer"));
		if (budget != null) {
			return budget;
		}
		if (this.claimed.get() >= this.maxPeers) {
			return this.overflow;
		}
		// Claim a slot before creating, so that racing threads can never push the map past maxPeers.
		if (this.claimed.incrementAndGet() > this.maxPeers) {
			this.claimed.decrementAndGet();
			return this.overflow;
		}
		RetryBudget created = RetryBudget.of(this.settings.apply(peer), this.nanoClock);
		RetryBudget existing = this.budgets.putIfAbsent(peer, created);
		if (existing != null) {
			this.claimed.decrementAndGet();
			return existing;
		}
		return created;
	}

}
