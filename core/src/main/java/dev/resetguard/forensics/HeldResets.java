package dev.resetguard.forensics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The resets a restart may still explain, held back from the listeners (meters, log, endpoint) until the
 * evidence decides: a restart shown within the restart window publishes them as {@code peer-restart};
 * an answer to a request sent after one of them, or the end of the window, publishes it with the cause
 * it had on its own. The sign that decides a restart, a refused connect, usually comes a backoff after the
 * first reset, so without holding them, the first resets of every restart would carry the wrong cause.
 * <p>
 * What was decided about a held reset waits with it ({@link #afterPublished}), so the listeners see
 * each reset before its decision, as the instance they were given. Bounded: at most
 * {@value #MAX_HELD_PER_PEER} resets per peer, the oldest published first to make room, for at most
 * {@value #MAX_PEERS} peers, beyond which resets are published at once; one daemon
 * thread, shared by every instance, ends the windows.
 */
final class HeldResets {

	static final int MAX_HELD_PER_PEER = 64;

	static final int MAX_PEERS = 1024;

	private static final long NEVER = Long.MIN_VALUE;

	private static final ScheduledThreadPoolExecutor timer = newTimer();

	private final long windowNanos;

	private final LongSupplier nanoClock;

	private final Consumer<ResetEvent> publisher;

	private final ConcurrentMap<String, PeerHeld> peers = new ConcurrentHashMap<>();

	HeldResets(long windowNanos, LongSupplier nanoClock, Consumer<ResetEvent> publisher) {
		this.windowNanos = windowNanos;
		this.nanoClock = nanoClock;
		this.publisher = publisher;
	}

	/**
	 * Hold a reset until the evidence decides its cause, at most for the window. A restart shown since the
	 * reset was recorded, by a reset on another thread that got ahead of this one, settles it at once.
	 * @param event the reset with the cause it has on its own
	 * @param recordedNanos when the reset was recorded, before the evidence was asked
	 */
	void hold(ResetEvent event, long recordedNanos) {
		PeerHeld peer = this.peers.get(event.peer());
		if (peer == null) {
			if (this.peers.size() >= MAX_PEERS) {
				// No room to hold it: the reset keeps the cause it has on its own.
				this.publisher.accept(event);
				return;
			}
			peer = this.peers.computeIfAbsent(event.peer(), (key) -> new PeerHeld());
		}
		long now = this.nanoClock.getAsLong();
		List<Held> due = new ArrayList<>(1);
		Held entry = new Held(event, now);
		synchronized (peer) {
			dropSettled(peer.entries, now);
			if (peer.entries.size() >= MAX_HELD_PER_PEER) {
				Held oldest = peer.entries.pollFirst();
				if (oldest.settle(oldest.event)) {
					due.add(oldest);
				}
			}
			peer.entries.addLast(entry);
			if (peer.restartShownNanos != NEVER && peer.restartShownNanos - recordedNanos >= 0
					&& entry.settle(asRestart(event))) {
				due.add(entry);
			}
		}
		publish(peer, due);
		if (entry.published == null) {
			// Its window ends then, and release publishes whatever was held for a whole window.
			timer.schedule(() -> release(event.peer(), (held) -> false, false), this.windowNanos,
					TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Publish every reset held for the peer as {@code peer-restart}.
	 * @param peer the peer
	 */
	void restart(String peer) {
		PeerHeld held = this.peers.get(peer);
		if (held == null) {
			if (this.peers.size() >= MAX_PEERS) {
				return;
			}
			held = this.peers.computeIfAbsent(peer, (key) -> new PeerHeld());
		}
		synchronized (held) {
			held.restartShownNanos = this.nanoClock.getAsLong();
		}
		release(peer, (entry) -> true, true);
	}

	/**
	 * Publish, with their own cause, the peer's resets held from before a request that it answered.
	 * @param peer the peer
	 * @param requestSentNanos when the answered request went out
	 */
	void answered(String peer, long requestSentNanos) {
		if (this.peers.containsKey(peer)) {
			release(peer, (entry) -> requestSentNanos - entry.heldNanos > 0, false);
		}
	}

	/**
	 * Run an action on a reset once it is published: at once, unless it is held.
	 * @param event the reset as recorded
	 * @param action what to do with the reset as published (the same instance unless its cause changed)
	 */
	void afterPublished(ResetEvent event, Consumer<ResetEvent> action) {
		PeerHeld peer = this.peers.get(event.peer());
		if (peer != null) {
			synchronized (peer) {
				for (Held entry : peer.entries) {
					if (entry.event == event) {
						if (entry.published == null) {
							entry.waiting.add(action);
							return;
						}
						action.accept(entry.published);
						return;
					}
				}
			}
		}
		action.accept(event);
	}

	/**
	 * Return whether a reset is held, its cause not settled yet.
	 * @param event the reset as recorded
	 * @return {@code true} while it waits for the evidence
	 */
	boolean isHeld(ResetEvent event) {
		PeerHeld peer = this.peers.get(event.peer());
		if (peer != null) {
			synchronized (peer) {
				for (Held entry : peer.entries) {
					if (entry.event == event) {
						return entry.published == null;
					}
				}
			}
		}
		return false;
	}

	private void release(String peerName, Predicate<Held> which, boolean restart) {
		PeerHeld peer = this.peers.get(peerName);
		if (peer == null) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		List<Held> due = new ArrayList<>();
		synchronized (peer) {
			for (Held entry : peer.entries) {
				boolean windowEnded = now - entry.heldNanos >= this.windowNanos;
				if ((which.test(entry) || windowEnded) && entry.settle(restart && !windowEnded
						? asRestart(entry.event) : entry.event)) {
					due.add(entry);
				}
			}
			dropSettled(peer.entries, now);
		}
		publish(peer, due);
	}

	// Settled resets stay for a window, so that a decision made after the cause changed finds its reset.
	private void dropSettled(Deque<Held> held, long now) {
		Iterator<Held> entries = held.iterator();
		while (entries.hasNext()) {
			Held entry = entries.next();
			if (entry.published != null && now - entry.heldNanos >= 2 * this.windowNanos) {
				entries.remove();
			}
		}
	}

	private void publish(PeerHeld peer, List<Held> due) {
		for (Held entry : due) {
			this.publisher.accept(entry.published);
			List<Consumer<ResetEvent>> waiting;
			synchronized (peer) {
				waiting = List.copyOf(entry.waiting);
				entry.waiting.clear();
			}
			waiting.forEach((action) -> action.accept(entry.published));
		}
	}

	static ResetEvent asRestart(ResetEvent event) {
		return new ResetEvent(event.time(), event.client(), event.peer(), event.phase(), ResetCause.PEER_RESTART,
				event.signal(), event.exception(), event.message(), event.facts(), event.attempt());
	}

	private static ScheduledThreadPoolExecutor newTimer() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "reset-guard-held-resets");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	/**
	 * What is held for one peer, and when a restart of it last showed. Also the lock of both.
	 */
	private static final class PeerHeld {

		private final Deque<Held> entries = new ArrayDeque<>();

		private long restartShownNanos = NEVER;

	}

	/**
	 * One held reset: as recorded, when it was held, as published once settled, and what waits for that.
	 */
	private static final class Held {

		private final ResetEvent event;

		private final long heldNanos;

		private final List<Consumer<ResetEvent>> waiting = new ArrayList<>(1);

		private ResetEvent published;

		Held(ResetEvent event, long heldNanos) {
			this.event = event;
			this.heldNanos = heldNanos;
		}

		boolean settle(ResetEvent as) {
			if (this.published != null) {
				return false;
			}
			this.published = as;
			return true;
		}

	}

}
