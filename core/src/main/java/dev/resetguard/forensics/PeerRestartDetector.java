package dev.resetguard.forensics;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Tells a peer restart from isolated resets: a restarting peer resets every open connection at once and
 * answers nothing until it is back, so resets on several <em>distinct</em> connections to one peer
 * within a short window, <em>with no response from that peer in between</em>, mean restart. The second
 * condition keeps steady random resets and idle-timeout resets apart from a restart: however many of
 * them fall into one window, the peer keeps answering other requests between them.
 * <p>
 * Remembers only the last few resets of a bounded number of peers. Telling it about an answer is a map
 * read, and a short lock only for peers that reset recently: cheap enough for every exchange.
 */
public final class PeerRestartDetector {

	/** Maximum number of peers remembered; beyond it, a peer is forgotten to make room. */
	static final int MAX_PEERS = 1024;

	private static final long NEVER = Long.MIN_VALUE;

	private final long windowNanos;

	private final int minConnections;

	private final LongSupplier nanoClock;

	private final ConcurrentMap<String, RecentResets> peers = new ConcurrentHashMap<>();

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
	 * reset within the window, this one included, and the peer answered no request since the first of them
	 */
	public boolean recordReset(String peer, long connectionId) {
		long now = this.nanoClock.getAsLong();
		RecentResets resets = this.peers.get(peer);
		if (resets == null) {
			makeRoom();
			resets = this.peers.computeIfAbsent(peer, (key) -> new RecentResets(this.minConnections));
		}
		return resets.record(connectionId, now, this.windowNanos);
	}

	/**
	 * Record that the peer answered a request: it was up when the request went out, so the resets before
	 * that are no sign of a restart. An answer to a request sent before a reset proves nothing about the
	 * peer after it (the answer may have left just before the peer went down), so the request's send
	 * time counts, not the time of the answer.
	 * @param peer the peer
	 * @param requestSentNanos when the answered request went out, on the detector's clock
	 */
	public void responseReceived(String peer, long requestSentNanos) {
		RecentResets resets = this.peers.get(peer);
		if (resets != null) {
			resets.answered(requestSentNanos);
		}
	}

	int trackedPeers() {
		return this.peers.size();
	}

	private void makeRoom() {
		Iterator<RecentResets> iterator = this.peers.values().iterator();
		while (this.peers.size() >= MAX_PEERS && iterator.hasNext()) {
			iterator.next();
			iterator.remove();
		}
	}

	/**
	 * The last resets of one peer, one slot per distinct connection, oldest overwritten first, and the
	 * time of the peer's last response.
	 */
	private static final class RecentResets {

		private final long[] connectionIds;

		private final long[] times;

		private int next;

		// When the latest answered request went out.
		private long lastAnsweredNanos = NEVER;

		RecentResets(int capacity) {
			this.connectionIds = new long[capacity];
			this.times = new long[capacity];
		}

		synchronized void answered(long requestSentNanos) {
			if (this.lastAnsweredNanos == NEVER || requestSentNanos - this.lastAnsweredNanos > 0) {
				this.lastAnsweredNanos = requestSentNanos;
			}
		}

		synchronized boolean record(long connectionId, long now, long windowNanos) {
			int slot = indexOf(connectionId);
			if (slot < 0) {
				slot = this.next;
				this.next = (this.next + 1) % this.connectionIds.length;
			}
			this.connectionIds[slot] = connectionId;
			this.times[slot] = now;
			long lastAnswered = this.lastAnsweredNanos;
			boolean anyAnswer = lastAnswered != NEVER;
			int recent = 0;
			for (int i = 0; i < this.connectionIds.length; i++) {
				// Differences, not comparisons, because nanoTime may wrap.
				boolean inWindow = now - this.times[i] <= windowNanos;
				boolean afterLastAnswer = !anyAnswer || this.times[i] - lastAnswered > 0;
				if (this.connectionIds[i] != 0 && inWindow && afterLastAnswer) {
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
