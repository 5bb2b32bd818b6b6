package dev.resetguard.retry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The retry budget of one peer: retries may add at most {@code ratio} of the calls on top of them, plus
 * a reserve of {@code minPerSecond} retries per second that is always allowed, as in Finagle's
 * {@code RetryBudget}, Envoy's retry budgets and gRPC retry throttling. Thread-safe and lock-free.
 * <p>
 * Every call that gets its answer {@link #deposit() deposits} {@code ratio} of a token into a balance
 * (a failing call earns nothing, so a peer in an outage is not retried on credit its failures built up)
 * and every retry
 * {@link #tryWithdraw() withdraws} one whole token, from the balance first and from the reserve when the
 * balance holds less than one. The balance is capped at {@code maxBalance} tokens, so a long quiet spell
 * can never save up more than that many retries for a burst of resets; the reserve is a rate limiter
 * that holds at most one second's worth ({@code minPerSecond} retries) and refills evenly over that
 * second. Over any period {@code t}, retries therefore never exceed
 * {@code maxBalance + ratio × calls + minPerSecond × (t + 1s)}.
 * <p>
 * The balance is saved up for bursts of resets that a retry cures, not for a peer that fails whatever is
 * sent to it: once the peer has reset {@value #FAILING_PEER_RESETS} requests sent after its first
 * {@link #resetUnanswered unanswered reset}, with no call answered since, retries come from the reserve
 * only, until a call is answered again. The resets of one incident (the connections open when a peer
 * crashed) hit requests sent before it and leave the balance to the retries that ride it out.
 */
public final class RetryBudget {

	/**
	 * How many resets of requests sent after a peer's first unanswered reset, with no call answered since,
	 * leave the peer only the reserve.
	 */
	public static final int FAILING_PEER_RESETS = 3;

	/** Default largest number of retries the balance can save up. */
	public static final int DEFAULT_MAX_BALANCE = 100;

	// Tokens are kept in millionths so that fractional deposits add up exactly in one long.
	private static final long UNIT = 1_000_000L;

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final long depositUnits;

	private final long maxBalanceUnits;

	private final long reserveIntervalNanos;

	private final long reserveBurstNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong balanceUnits = new AtomicLong();

	private final UnansweredResets unanswered = new UnansweredResets(FAILING_PEER_RESETS);

	// Generic cell rate algorithm: the time at which the reserve is back to full.
	private final AtomicLong reserveFullAt;

	/**
	 * Create a budget with the default balance cap, on the system's nano clock.
	 * @param ratio the fraction of calls that retries may add, between 0 and {@link RetrySettings#BUDGET_RATIO_LIMIT}
	 * @param minPerSecond the retries per second always allowed, between 0 and 1,000,000
	 */
	public RetryBudget(double ratio, int minPerSecond) {
		this(ratio, minPerSecond, DEFAULT_MAX_BALANCE, System::nanoTime);
	}

	/**
	 * Create a budget.
	 * @param ratio the fraction of calls that retries may add, between 0 and {@link RetrySettings#BUDGET_RATIO_LIMIT}
	 * @param minPerSecond the retries per second always allowed, between 0 and 1,000,000
	 * @param maxBalance the largest number of retries the balance can save up, at least 1
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public RetryBudget(double ratio, int minPerSecond, int maxBalance, LongSupplier nanoClock) {
		if (!(ratio >= 0.0 && ratio <= RetrySettings.BUDGET_RATIO_LIMIT)) {
			throw new IllegalArgumentException(
					"ratio must be between 0.0 and " + RetrySettings.BUDGET_RATIO_LIMIT + ", but was " + ratio);
		}
		if (minPerSecond < 0 || minPerSecond > RetrySettings.BUDGET_MIN_PER_SECOND_LIMIT) {
			throw new IllegalArgumentException("minPerSecond must be between 0 and "
					+ RetrySettings.BUDGET_MIN_PER_SECOND_LIMIT + ", but was " + minPerSecond);
		}
		if (maxBalance < 1) {
			throw new IllegalArgumentException("maxBalance must be at least 1, but was " + maxBalance);
		}
		this.depositUnits = Math.round(ratio * UNIT);
		this.maxBalanceUnits = maxBalance * UNIT;
		this.reserveIntervalNanos = (minPerSecond > 0) ? NANOS_PER_SECOND / minPerSecond : 0;
		// A whole number of intervals, so that a burst holds exactly minPerSecond retries.
		this.reserveBurstNanos = this.reserveIntervalNanos * minPerSecond;
		this.nanoClock = nanoClock;
		this.reserveFullAt = new AtomicLong(nanoClock.getAsLong());
	}

	/**
	 * Create the budget described by retry settings, with the default balance cap.
	 * @param settings the retry settings
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 * @return a new budget
	 */
	public static RetryBudget of(RetrySettings settings, LongSupplier nanoClock) {
		return new RetryBudget(settings.budgetRatio(), settings.budgetMinPerSecond(), DEFAULT_MAX_BALANCE, nanoClock);
	}

	/**
	 * Credit the budget for one call that got its answer. Called once per call, not per attempt.
	 */
	public void deposit() {
		this.unanswered.answered();
		if (this.depositUnits == 0) {
			return;
		}
		long current = this.balanceUnits.get();
		// A healthy peer's balance sits at the cap, so the common case is a read without a write.
		while (current < this.maxBalanceUnits) {
			long next = Math.min(this.maxBalanceUnits, current + this.depositUnits);
			long witness = this.balanceUnits.compareAndExchange(current, next);
			if (witness == current) {
				return;
			}
			current = witness;
		}
	}

	/**
	 * Record a reset that speaks against the peer (not one of a stale pooled connection, which speaks
	 * against the pool), before deciding on its retry. Enough of them on requests sent after the first, with
	 * no call answered in between, leave the peer only the reserve.
	 * @param attemptStartNanos when the reset attempt's request was sent, on {@link System#nanoTime()}'s
	 * clock
	 * @param seenNanos when the reset was seen, on the same clock
	 */
	public void resetUnanswered(long attemptStartNanos, long seenNanos) {
		this.unanswered.reset(attemptStartNanos, seenNanos);
	}

	/**
	 * Take one retry from the budget if there is one: from the balance unless the peer is failing, else
	 * from the reserve.
	 * @return {@code true} if the retry may go ahead, {@code false} if the budget is spent
	 */
	public boolean tryWithdraw() {
		if (this.unanswered.isFailing()) {
			return tryTakeFromReserve();
		}
		long current = this.balanceUnits.get();
		while (current >= UNIT) {
			long witness = this.balanceUnits.compareAndExchange(current, current - UNIT);
			if (witness == current) {
				return true;
			}
			current = witness;
		}
		return tryTakeFromReserve();
	}

	private boolean tryTakeFromReserve() {
		if (this.reserveIntervalNanos == 0) {
			return false;
		}
		long now = this.nanoClock.getAsLong();
		long fullAt = this.reserveFullAt.get();
		while (true) {
			// Differences, not comparisons, because nanoTime may wrap.
			long next = ((fullAt - now < 0) ? now : fullAt) + this.reserveIntervalNanos;
			if (next - now > this.reserveBurstNanos) {
				return false;
			}
			long witness = this.reserveFullAt.compareAndExchange(fullAt, next);
			if (witness == fullAt) {
				return true;
			}
			fullAt = witness;
		}
	}

}
