package dev.resetguard.retry;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a peer keeps resetting requests after it first failed, with no call answered since: a
 * <em>failing</em> peer, as opposed to one hit by a single incident. Only requests sent after the first
 * unanswered reset count as evidence, because the resets of one incident (every connection open when the
 * peer crashed, a burst of stale pooled connections) all hit requests sent before it; those say nothing
 * about whether the peer is back. This is the mirror of the restart rule, where only a request sent after
 * the resets proves the peer up. Thread-safe and lock-free; allocates on a reset only.
 */
final class UnansweredResets {

	private final int failingAfter;

	private final AtomicReference<Streak> streak = new AtomicReference<>();

	/**
	 * Create the record of a peer that has not failed yet.
	 * @param failingAfter how many resets of requests sent after the first unanswered reset make the peer
	 * failing
	 */
	UnansweredResets(int failingAfter) {
		this.failingAfter = failingAfter;
	}

	/**
	 * Record a reset that counts against the peer.
	 * @param attemptStartNanos when the reset attempt's request was sent, on {@link System#nanoTime()}'s
	 * clock
	 * @param seenNanos when the reset was seen, on the same clock
	 */
	void reset(long attemptStartNanos, long seenNanos) {
		Streak current = this.streak.get();
		while (true) {
			Streak next;
			if (current == null) {
				next = new Streak(seenNanos, 0);
			}
			// A difference, not a comparison, because nanoTime may wrap.
			else if (attemptStartNanos - current.sinceNanos() > 0) {
				next = new Streak(current.sinceNanos(), current.laterResets() + 1);
			}
			else {
				return;
			}
			Streak witness = this.streak.compareAndExchange(current, next);
			if (witness == current) {
				return;
			}
			current = witness;
		}
	}

	/**
	 * Record that a call to the peer got its answer: the peer is not failing.
	 */
	void answered() {
		// A healthy peer has no streak, so the common case is a read without a write.
		if (this.streak.get() != null) {
			this.streak.set(null);
		}
	}

	/**
	 * Return whether the peer reset as many requests sent after its first unanswered reset as make it
	 * failing.
	 * @return whether the peer is failing
	 */
	boolean isFailing() {
		Streak current = this.streak.get();
		return current != null && current.laterResets() >= this.failingAfter;
	}

	/**
	 * An unbroken run of unanswered resets.
	 *
	 * @param sinceNanos when the first of them was seen
	 * @param laterResets how many resets hit requests sent after that
	 */
	private record Streak(long sinceNanos, int laterResets) {
	}

}
