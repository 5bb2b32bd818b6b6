package dev.resetguard.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.retry.RetryDecision;
import dev.resetguard.retry.RetryDecisionListener;

/**
 * The last resets, for the resets endpoint: a fixed-capacity ring that overwrites the oldest, each
 * reset with the decision its retry loop reported. Thread-safe and lock-free; recording a reset
 * allocates one small entry.
 */
public final class RecentResets implements ResetEventListener, RetryDecisionListener {

	/** Default number of resets kept. */
	public static final int DEFAULT_CAPACITY = 256;

	// A decision follows its reset at once, so it is looked for among the newest resets only.
	private static final int DECISION_LOOKBACK = 64;

	private final int capacity;

	private final AtomicReferenceArray<Entry> entries;

	private final AtomicLong recorded = new AtomicLong();

	/**
	 * Create a ring.
	 * @param capacity the number of resets kept, at least 1
	 */
	public RecentResets(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
		}
		this.capacity = capacity;
		this.entries = new AtomicReferenceArray<>(capacity);
	}

	/**
	 * Keep a reset, overwriting the oldest when full.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		long sequence = this.recorded.getAndIncrement();
		this.entries.set(slot(sequence), new Entry(sequence, event));
	}

	/**
	 * Attach a retry loop's decision to the reset it was about, if that reset is still kept.
	 * @param reset the reset, as recorded
	 * @param decision what the loop does about it
	 * @param backoffNanos the delay before the retry; not kept
	 */
	@Override
	public void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		long newest = this.recorded.get() - 1;
		long oldest = Math.max(0, newest - Math.min(this.capacity, DECISION_LOOKBACK) + 1);
		for (long sequence = newest; sequence >= oldest; sequence--) {
			Entry entry = this.entries.get(slot(sequence));
			if (entry != null && entry.sequence == sequence && entry.event == reset) {
				entry.decision = decision;
				return;
			}
		}
	}

	/**
	 * Return the resets kept.
	 * @return the resets, newest first
	 */
	public List<RecentReset> resets() {
		long newest = this.recorded.get() - 1;
		long oldest = Math.max(0, newest - this.capacity + 1);
		List<RecentReset> resets = new ArrayList<>((int) (newest - oldest + 1));
		for (long sequence = newest; sequence >= oldest; sequence--) {
			Entry entry = this.entries.get(slot(sequence));
			// A slot overwritten since the snapshot began holds a reset newer than the snapshot: skipped.
			if (entry != null && entry.sequence == sequence) {
				resets.add(new RecentReset(entry.event, entry.decision));
			}
		}
		return resets;
	}

	/**
	 * Forget every reset kept.
	 */
	public void clear() {
		for (int slot = 0; slot < this.capacity; slot++) {
			this.entries.set(slot, null);
		}
	}

	/**
	 * Return the number of resets kept at most.
	 * @return the capacity
	 */
	public int capacity() {
		return this.capacity;
	}

	private int slot(long sequence) {
		return (int) (sequence % this.capacity);
	}

	private static final class Entry {

		private final long sequence;

		private final ResetEvent event;

		private volatile RetryDecision decision;

		private Entry(long sequence, ResetEvent event) {
			this.sequence = sequence;
			this.event = event;
		}

	}

}
