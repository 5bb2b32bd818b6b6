package dev.resetguard.forensics;

import java.util.function.LongSupplier;

/**
 * Tells a peer restart from resets that merely come close together, on evidence only. A restart shows
 * that the peer's listener went away: pooled connections reset, and within the restart window either
 * <ul>
 * <li>a sign that nothing was listening: a connect refused, or reset as it was accepted; or</li>
 * <li>pooled connections all closed at once: at least the minimum number of distinct pooled
 * connections reset, none of them explained by an idle timeout,</li>
 * </ul>
 * in both cases with no answer from the peer to a request sent after the first of them: a peer that
 * answers between the resets is up. Fresh connections that were accepted and then reset after the
 * request prove the listener alive, so they never count, however many come in a row.
 * <p>
 * Connections closed together show a restart only once what comes next confirms it, as a few requests
 * in flight together are sometimes all rejected at once by a live peer: another pooled reset, a refused
 * connect or an answer to a request sent after the first of them confirms it; an answer to a request that
 * was in flight when the first of them came denies it, since the crash that closed them would have
 * closed that request's connection too.
 * <p>
 * Every method that tells it something records it, and answers whether the peer now shows a restart.
 * Remembers only the last few resets of the peers a {@link PeerRegistry} keeps. Telling it about an answer
 * is a map read, and a short lock only for peers that reset recently: cheap enough for every exchange.
 */
final class RestartEvidence {

	private static final long NEVER = Long.MIN_VALUE;

	private final long windowNanos;

	private final int minConnections;

	private final LongSupplier nanoClock;

	private final PeerRegistry<PeerEvidence> peers;

	/**
	 * Create the evidence of peer restarts.
	 * @param settings the restart window and minimum number of connections
	 * @param maxPeers the most peers whose evidence is kept, at least 1
	 */
	RestartEvidence(CauseSettings settings, int maxPeers) {
		this(settings, maxPeers, System::nanoTime);
	}

	RestartEvidence(CauseSettings settings, int maxPeers, LongSupplier nanoClock) {
		this.windowNanos = settings.restartWindow().toNanos();
		this.minConnections = settings.restartMinConnections();
		this.nanoClock = nanoClock;
		this.peers = new PeerRegistry<>(maxPeers, (peer) -> new PeerEvidence(this.minConnections));
	}

	/**
	 * Record that a pooled connection to the peer was reset before any response byte, and tell whether
	 * the peer now shows a restart.
	 * @param peer the peer
	 * @param connectionId the connection
	 * @param idleTimeoutExplains whether the connection's idle time explains its reset, in which case it
	 * does not count as closed together with the others
	 * @return whether the peer now shows a restart
	 */
	public boolean recordPooledReset(String peer, long connectionId, boolean idleTimeoutExplains) {
		long now = this.nanoClock.getAsLong();
		return this.peers.get(peer).pooledReset(connectionId, idleTimeoutExplains, now, this.windowNanos);
	}

	/**
	 * Record a sign that nothing was listening on the peer's port: a connect refused, or reset as it was
	 * accepted. Tell whether the peer now shows a restart.
	 * @param peer the peer
	 * @return whether the peer now shows a restart
	 */
	public boolean recordNothingListening(String peer) {
		long now = this.nanoClock.getAsLong();
		return this.peers.get(peer).nothingListening(now, this.windowNanos);
	}

	/**
	 * Record that the peer answered a request: it was up when the request went out, so the resets
	 * before that do not add up to a restart. An answer to a request sent before a reset proves nothing
	 * about the peer after it, so the request's send time counts, not the time of the answer.
	 * @param peer the peer
	 * @param requestSentNanos when the answered request went out, on the {@link System#nanoTime()} clock
	 * @return whether the answer confirms connections closed together as a restart: its request went out
	 * after the first of them, and nothing denied them since
	 */
	public boolean recordAnswer(String peer, long requestSentNanos) {
		PeerEvidence evidence = this.peers.find(peer);
		return evidence != null && evidence.answered(requestSentNanos, this.nanoClock.getAsLong(), this.windowNanos);
	}

	int trackedPeers() {
		return this.peers.size();
	}

	/**
	 * What one peer showed lately: its last pooled resets not explained by an idle timeout (one slot per
	 * distinct connection, oldest overwritten first), its last pooled reset of any kind, its last sign
	 * that nothing was listening and the send time of its latest answered request.
	 */
	private static final class PeerEvidence {

		private final long[] connectionIds;

		private final long[] times;

		private int next;

		private long lastPooledResetNanos = NEVER;

		private long lastNothingListeningNanos = NEVER;

		private long lastAnsweredNanos = NEVER;

		// The first reset of connections closed together that wait for what comes next to confirm them.
		private long unconfirmedSinceNanos = NEVER;

		// When the latest answer arrived, and when its request had gone out.
		private long lastAnswerArrivedNanos = NEVER;

		private long lastAnswerSentNanos = NEVER;

		PeerEvidence(int capacity) {
			this.connectionIds = new long[capacity];
			this.times = new long[capacity];
		}

		synchronized boolean answered(long requestSentNanos, long now, long windowNanos) {
			boolean confirms = false;
			if (unconfirmed(now, windowNanos)) {
				// In flight when the first of them came: denies them. Sent after it: confirms them.
				confirms = requestSentNanos - this.unconfirmedSinceNanos > 0;
				this.unconfirmedSinceNanos = NEVER;
			}
			if (this.lastAnsweredNanos == NEVER || requestSentNanos - this.lastAnsweredNanos > 0) {
				this.lastAnsweredNanos = requestSentNanos;
			}
			this.lastAnswerArrivedNanos = now;
			this.lastAnswerSentNanos = requestSentNanos;
			return confirms;
		}

		synchronized boolean pooledReset(long connectionId, boolean idleTimeoutExplains, long now, long windowNanos) {
			this.lastPooledResetNanos = now;
			if (!idleTimeoutExplains && unconfirmed(now, windowNanos)) {
				this.unconfirmedSinceNanos = NEVER;
				return true;
			}
			if (!idleTimeoutExplains) {
				int slot = indexOf(connectionId);
				if (slot < 0) {
					slot = this.next;
					this.next = (this.next + 1) % this.connectionIds.length;
				}
				this.connectionIds[slot] = connectionId;
				this.times[slot] = now;
			}
			return shows(now, windowNanos);
		}

		synchronized boolean nothingListening(long now, long windowNanos) {
			this.lastNothingListeningNanos = now;
			return shows(now, windowNanos);
		}

		private boolean shows(long now, long windowNanos) {
			if (recent(this.lastPooledResetNanos, now, windowNanos)
					&& recent(this.lastNothingListeningNanos, now, windowNanos)) {
				this.unconfirmedSinceNanos = NEVER;
				return true;
			}
			int closedTogether = 0;
			long first = now;
			for (int i = 0; i < this.connectionIds.length; i++) {
				if (this.connectionIds[i] != 0 && recent(this.times[i], now, windowNanos)) {
					closedTogether++;
					first = (this.times[i] - first < 0) ? this.times[i] : first;
				}
			}
			if (closedTogether >= this.connectionIds.length && !answeredInFlightSince(first)) {
				this.unconfirmedSinceNanos = first;
			}
			return false;
		}

		private boolean unconfirmed(long now, long windowNanos) {
			return this.unconfirmedSinceNanos != NEVER && now - this.unconfirmedSinceNanos <= windowNanos;
		}

		// Whether a request in flight when the first reset came was answered after it: the peer was up.
		private boolean answeredInFlightSince(long firstResetNanos) {
			return this.lastAnswerArrivedNanos != NEVER && this.lastAnswerArrivedNanos - firstResetNanos > 0
					&& firstResetNanos - this.lastAnswerSentNanos > 0;
		}

		// Within the window and after the send time of the latest answered request. Differences, not
		// comparisons, because nanoTime may wrap.
		private boolean recent(long time, long now, long windowNanos) {
			return time != NEVER && now - time <= windowNanos
					&& (this.lastAnsweredNanos == NEVER || time - this.lastAnsweredNanos > 0);
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
