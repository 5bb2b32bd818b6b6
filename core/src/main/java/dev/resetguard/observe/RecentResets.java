package dev.resetguard.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import org.jspecify.annotations.Nullable;

/**
 * The last resets, for the resets endpoint: a fixed-capacity ring that overwrites the oldest, each
 * reset as published, with the decision its retry loop made. Thread-safe and lock-free; recording a
 * reset allocates one small entry.
 */
public final class RecentResets implements ResetEventListener {

	/** Default number of resets kept. */
	public static final int DEFAULT_CAPACITY = 256;

	/** Largest number of resets kept: every one is held in memory, so a typo cannot reserve unbounded memory. */
	public static final int MAX_CAPACITY = 100_000;

	private final int capacity;

	private final AtomicReferenceArray<@Nullable Entry> entries;

	private final AtomicLong recorded = new AtomicLong();

	/**
	 * Create a ring.
	 * @param capacity the number of resets kept, between 1 and {@link #MAX_CAPACITY}
	 */
	public RecentResets(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
		}
		if (capacity > MAX_CAPACITY) {
			throw new IllegalArgumentException("capacity must be at most " + MAX_CAPACITY + ", but was " + capacity);
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
	 * Return the resets kept.
	 * @return the resets, newest first
	 */
	public List<ResetEvent> resets() {
		long newest = this.recorded.get() - 1;
		long oldest = Math.max(0, newest - this.capacity + 1);
		List<ResetEvent> resets = new ArrayList<>((int) (newest - oldest + 1));
		for (long sequence = newest; sequence >= oldest; sequence--) {
			Entry entry = this.entries.get(slot(sequence));
			// A slot overwritten since the snapshot began holds a reset newer than the snapshot: skipped.
			if (entry != null && entry.sequence == sequence) {
				resets.add(entry.event);
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

	private record Entry(long sequence, ResetEvent event) {
	}

}
