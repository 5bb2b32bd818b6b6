package dev.resetguard.forensics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tells a peer restart from isolated resets: a restarting peer resets every open connection at once,
 * so resets on several <em>distinct</em> connections to one peer within a short window mean restart.
 * Remembers only the last few resets of a bounded number of peers.
 */
public final class PeerRestartDetector {

	/** Maximum number of peers remembered; the least recently reset peer is forgotten first. */
	static final int MAX_PEERS = 1024;

	private final long windowNanos;

	private final int minConnections;

	private final LongSupplier nanoClock;

	private final Map<String, RecentResets> peers = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, RecentResets> eldest) {
			return size() > MAX_PEERS;
		}

	};

	/**
	 * Create a detector.
	 * @param settings the restart window and minimum number of connections
	 */
	public PeerRestartDetector(CauseSettings settings) {
		this(settings, System::nanoTime);
	}

	PeerRestartDetector(CauseSettings settings, LongSupplier nanoClock) {
		this.windowNanos = settings.restartWindow().toNanos();
		this.minConnections = settings.restartMinConnections();
		this.nanoClock = nanoClock;
	}

	/**
	 * Record a reset on a connection and tell whether the peer now looks like it is restarting.
	 * @param peer the peer
	 * @param connectionId the connection that was reset
	 * @return {@code true} if at least the minimum number of distinct connections to the peer were
	 * reset within the window, this one included
	 */
	public boolean recordReset(String peer, long connectionId) {
		long now = this.nanoClock.getAsLong();
		synchronized (this.peers) {
			return this.peers.computeIfAbsent(peer, (key) -> new RecentResets(this.minConnections))
				.record(connectionId, now, this.windowNanos);
		}
	}

	int trackedPeers() {
		synchronized (this.peers) {
			return this.peers.size();
		}
	}

	/**
	 * The last resets of one peer, one slot per distinct connection, oldest overwritten first.
	 */
	private static final class RecentResets {

		private final long[] connectionIds;

		private final long[] times;

		private int next;

		RecentResets(int capacity) {
			this.connectionIds = new long[capacity];
			this.times = new long[capacity];
		}

		boolean record(long connectionId, long now, long windowNanos) {
			int slot = indexOf(connectionId);
			if (slot < 0) {
				slot = this.next;
				this.next = (this.next + 1) % this.connectionIds.length;
			}
			this.connectionIds[slot] = connectionId;
			this.times[slot] = now;
			int recent = 0;
			for (int i = 0; i < this.connectionIds.length; i++) {
				if (this.connectionIds[i] != 0 && now - this.times[i] <= windowNanos) {
					recent++;
				}
			}
			return recent >= this.connectionIds.length;
		}

		private int indexOf(long connectionId) {
			for (int i = 0; i < this.connectionIds.length; i++) {
				if (this.connectionIds[i] == connectionId) {
					return i;
				}
			}
			return -1;
		}

	}

}
