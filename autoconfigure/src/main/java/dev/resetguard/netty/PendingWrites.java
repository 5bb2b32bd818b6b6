package dev.resetguard.netty;

/**
 * The byte counts of a channel's writes whose promises have not completed, oldest first. Netty completes a
 * channel's write promises in the order of the writes, so the oldest count belongs to the next promise to
 * complete: the channel handler listens to every promise itself instead of making a listener, 24 B, per
 * write. Used on the channel's event loop only.
 */
final class PendingWrites {

	private long[] counts = new long[4];

	private int oldest;

	private int size;

	private long total;

	/**
	 * Add a write handed down.
	 * @param bytes its byte count
	 */
	void add(long bytes) {
		if (this.size == this.counts.length) {
			grow();
		}
		this.counts[(this.oldest + this.size) & (this.counts.length - 1)] = bytes;
		this.size++;
		this.total += bytes;
	}

	/**
	 * Remove the oldest write, whose promise completed.
	 * @return its byte count, 0 if none was pending
	 */
	long completeOldest() {
		if (this.size == 0) {
			return 0;
		}
		long bytes = this.counts[this.oldest];
		this.oldest = (this.oldest + 1) & (this.counts.length - 1);
		this.size--;
		this.total -= bytes;
		return bytes;
	}

	/**
	 * Return the bytes of every pending write: a flush may have sent any part of them.
	 * @return the bytes
	 */
	long total() {
		return this.total;
	}

	// The length stays a power of two, so that positions wrap with a mask.
	private void grow() {
		long[] larger = new long[this.counts.length * 2];
		for (int i = 0; i < this.size; i++) {
			larger[i] = this.counts[(this.oldest + i) & (this.counts.length - 1)];
		}
		this.counts = larger;
		this.oldest = 0;
	}

}
