package dev.resetguard.restart;

import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.forensics.PeerRegistry;

/**
 * When each peer last reset a connection, for the peers a {@link PeerRegistry} keeps. A crashed peer resets
 * its open connections and then refuses new ones; a connect refused soon after its peer reset a connection
 * is that downtime showing, possibly before enough resets came in for the cause inference to call it a
 * restart. Thread-safe.
 */
final class RecentPeerResets {

	private static final long NEVER = Long.MIN_VALUE;

	private final long windowNanos;

	private final PeerRegistry<AtomicLong> lastResetNanos;

	/**
	 * Create an empty record.
	 * @param windowNanos how soon after a reset a refusal counts
	 * @param maxPeers the most peers remembered, at least 1
	 */
	RecentPeerResets(long windowNanos, int maxPeers) {
		this.windowNanos = windowNanos;
		this.lastResetNanos = new PeerRegistry<>(maxPeers, (peer) -> new AtomicLong(NEVER));
	}

	/**
	 * Record that a peer reset a connection.
	 * @param peer the peer as {@code host:port}
	 * @param nowNanos the time, on {@link System#nanoTime()}'s clock
	 */
	void reset(String peer, long nowNanos) {
		this.lastResetNanos.get(peer).set(nowNanos);
	}

	/**
	 * Return whether the peer reset a connection within the window before the given time.
	 * @param peer the peer as {@code host:port}
	 * @param nowNanos the time, on the same clock
	 * @return whether it did
	 */
	boolean resetWithin(String peer, long nowNanos) {
		AtomicLong last = this.lastResetNanos.find(peer);
		long lastNanos = (last != null) ? last.get() : NEVER;
		// A difference, not a comparison, because nanoTime may wrap.
		return lastNanos != NEVER && nowNanos - lastNanos <= this.windowNanos;
	}

	int size() {
		return this.lastResetNanos.size();
	}

}
