package dev.resetguard.observe;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.resetguard.forensics.ResetCause;
import org.jspecify.annotations.Nullable;

/**
 * The calls and resets of one peer over a sliding window, kept in a fixed ring of time buckets, so
 * its size never depends on traffic. Counting is lock-free and allocation-free; only the first count
 * in a new bucket takes a short lock to clear the bucket it reuses.
 */
final class PeerWindow {

	private static final ResetCause[] CAUSES = ResetCause.values();

	private static final int CALLS = 0;

	private static final int SLOTS = 1 + CAUSES.length;

	private static final long NEVER = Long.MIN_VALUE;

	private final int buckets;

	private final long bucketNanos;

	private final AtomicLongArray epochs;

	private final AtomicLongArray counts;

	private volatile @Nullable Instant lastReset;

	PeerWindow(int buckets, long bucketNanos) {
		this.buckets = buckets;
		this.bucketNanos = bucketNanos;
		this.epochs = new AtomicLongArray(buckets);
		for (int bucket = 0; bucket < buckets; bucket++) {
			this.epochs.set(bucket, NEVER);
		}
		this.counts = new AtomicLongArray(buckets * SLOTS);
	}

	void call(long nanos) {
		add(nanos, CALLS);
	}

	void reset(long nanos, ResetCause cause, Instant time) {
		add(nanos, 1 + cause.ordinal());
		// Racing resets are moments apart, so keeping either time is good enough for a last-reset time.
		Instant last = this.lastReset;
		if (last == null || time.isAfter(last)) {
			this.lastReset = time;
		}
	}

	PeerStatistics snapshot(String peer, long nanos) {
		long current = Math.floorDiv(nanos, this.bucketNanos);
		long calls = 0;
		long[] causeCounts = new long[CAUSES.length];
		for (int bucket = 0; bucket < this.buckets; bucket++) {
			long epoch = this.epochs.get(bucket);
			if (epoch == NEVER || epoch <= current - this.buckets || epoch > current) {
				continue;
			}
			int base = bucket * SLOTS;
			calls += this.counts.get(base + CALLS);
			for (int cause = 0; cause < CAUSES.length; cause++) {
				causeCounts[cause] += this.counts.get(base + 1 + cause);
			}
		}
		long resets = 0;
		Map<ResetCause, Long> causes = new EnumMap<>(ResetCause.class);
		for (int cause = 0; cause < CAUSES.length; cause++) {
			if (causeCounts[cause] > 0) {
				causes.put(CAUSES[cause], causeCounts[cause]);
				resets += causeCounts[cause];
			}
		}
		return new PeerStatistics(peer, calls, resets, causes, this.lastReset);
	}

	private void add(long nanos, int slot) {
		long epoch = Math.floorDiv(nanos, this.bucketNanos);
		int bucket = (int) Math.floorMod(epoch, (long) this.buckets);
		if (this.epochs.get(bucket) != epoch) {
			roll(bucket, epoch);
		}
		this.counts.incrementAndGet(bucket * SLOTS + slot);
	}

	private synchronized void roll(int bucket, long epoch) {
		// A late thread still holding an older time counts into the newer bucket rather than erase it.
		if (this.epochs.get(bucket) < epoch) {
			int base = bucket * SLOTS;
			for (int slot = 0; slot < SLOTS; slot++) {
				this.counts.set(base + slot, 0);
			}
			this.epochs.set(bucket, epoch);
		}
	}

}
