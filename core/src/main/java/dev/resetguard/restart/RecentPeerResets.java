package dev.resetguard.restart;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When each peer last reset a connection, for a bounded number of peers. A crashed peer resets its open
 * connections and then refuses new ones; a connect refused soon after its peer reset a connection is that
 * downtime showing, possibly before enough resets came in for the cause inference to call it a restart.
 * Thread-safe.
 */
final class RecentPeerResets {

	/** Maximum number of peers remembered; beyond it, peers are forgotten to make room. */
	static final int MAX_PEERS = 1024;

	private final long windowNanos;

	private final ConcurrentMap<String, Long> lastResetNanos = new ConcurrentHashMap<>();

	/**
	 * Create an empty record.
	 * @param windowNanos how soon after a reset a refusal counts
	 */
	RecentPeerResets(long windowNanos) {
		this.windowNanos = windowNanos;
	}

	/**
	 * Record that a peer reset a connection.
	 * @param peer the peer as {@code host:port}
	 * @param nowNanos the time, on {@link System#nanoTime()}'s clock
	 */
	void reset(String peer, long nowNanos) {
		if (!this.lastResetNanos.containsKey(peer)) {
			makeRoom();
		}
		this.lastResetNanos.put(peer, nowNanos);
	}

	/**
	 * Return whether the peer reset a connection within the window before the given time.
	 * @param peer the peer as {@code host:port}
	 * @param nowNanos the time, on the same clock
	 * @return whether it did
	 */
	boolean resetWithin(String peer, long nowNanos) {
		Long last = this.lastResetNanos.get(peer);
		// A difference, not a comparison, because nanoTime may wrap.
		return last != null && nowNanos - last <= this.windowNanos;
	}

	int size() {
		return this.lastResetNanos.size();
	}

	private void makeRoom() {
		Iterator<Long> iterator = this.lastResetNanos.values().iterator();
		while (this.lastResetNanos.size() >= MAX_PEERS && iterator.hasNext()) {
			iterator.next();
			iterator.remove();
		}
	}

}
