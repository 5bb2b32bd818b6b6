package dev.resetguard.forensics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The resets not published yet, held back from the listeners (meters, log, endpoint) until they can be
 * published once, complete: with their cause settled and with what their retry loop decided.
 * <p>
 * A reset a restart may still explain waits for the evidence: a restart shown within the restart window
 * publishes it as {@code peer-restart}; an answer to a request sent after it, or the end of the window,
 * publishes it with the cause it had on its own. The sign that decides a restart, a refused connect,
 * usually comes a backoff after the first reset, so without holding them, the first resets of every
 * restart would carry the wrong cause. A reset a retry loop decides about waits for that decision,
 * which comes at once, before any backoff. Whatever is still held when its window ends is published as
 * it stands.
 * <p>
 * Actions waiting for a reset's publication ({@link #afterPublished}) run after the listeners saw it.
 * Bounded: at most {@value #MAX_HELD_PER_PEER} resets per peer, the oldest published first to make room,
 * for the peers a {@link PeerRegistry} keeps; what is held for a peer it forgets, and a reset being held
 * for that peer just then, is published as it stands. One daemon thread, shared by every instance, ends the
 * windows.
 */
final class HeldResets {

	static final int MAX_HELD_PER_PEER = 64;

	private static final long NEVER = Long.MIN_VALUE;

	private static final ScheduledThreadPoolExecutor timer = newTimer();

	private final long windowNanos;

	private final LongSupplier nanoClock;

	private final Consumer<ResetEvent> publisher;

	private final PeerRegistry<PeerHeld> peers;

	HeldResets(long windowNanos, int maxPeers, LongSupplier nanoClock, Consumer<ResetEvent> publisher) {
		this.windowNanos = windowNanos;
		this.nanoClock = nanoClock;
		this.publisher = publisher;
		this.peers = new PeerRegistry<>(maxPeers, (peer) -> new PeerHeld(), this::forgotten);
	}

	/**
	 * Hold a reset until its cause is settled and its decision made, at most for the window. A restart
	 * shown since the reset was recorded, by a reset on another thread that got ahead of this one, settles
	 * its cause at once.
	 * @param event the reset with the cause it has on its own
	 * @param recordedNanos when the reset was recorded, before the evidence was asked
	 * @param causeOpen whether a restart may still explain the reset
	 * @param decisionDue whether a retry loop decides about the reset
	 */
	void hold(ResetEvent event, long recordedNanos, boolean causeOpen, boolean decisionDue) {
		PeerHeld peer = this.peers.get(event.peer());
		long now = this.nanoClock.getAsLong();
		List<Held> due = new ArrayList<>(1);
		Held entry = new Held(event, now, causeOpen, decisionDue);
		boolean forgotten;
		synchronized (peer) {
			forgotten = peer.forgotten;
			if (!forgotten) {
				hold(peer, entry, recordedNanos, now, due);
			}
		}
		if (forgotten) {
			// No room to hold it: the reset keeps the cause it has on its own, without a decision.
			this.publisher.accept(event);
			return;
		}
		publish(peer, due);
		if (entry.published == null) {
			// Its window ends then, and release publishes whatever was held for a whole window.
			timer.schedule(() -> release(event.peer(), (held) -> false, false), this.windowNanos,
					TimeUnit.NANOSECONDS);
		}
	}

	// Called holding the peer's lock.
	private void hold(PeerHeld peer, Held entry, long recordedNanos, long now, List<Held> due) {
		dropSettled(peer.entries, now);
		if (peer.entries.size() >= MAX_HELD_PER_PEER) {
			Held oldest = peer.entries.pollFirst();
			if (oldest.publishAsItStands()) {
				due.add(oldest);
			}
		}
		peer.entries.addLast(entry);
		if (entry.causeOpen && peer.restartShownNanos != NEVER && peer.restartShownNanos - recordedNanos >= 0
				&& entry.settleCause(ResetCause.PEER_RESTART)) {
			due.add(entry);
		}
	}

	/**
	 * Settle the cause of every reset held for the peer as {@code peer-restart}.
	 * @param peer the peer
	 */
	void restart(String peer) {
		PeerHeld held = this.peers.get(peer);
		synchronized (held) {
			held.restartShownNanos = this.nanoClock.getAsLong();
		}
		release(peer, (entry) -> true, true);
	}

	/**
	 * Settle with their own cause the peer's resets held from before a request that it answered.
	 * @param peer the peer
	 * @param requestSentNanos when the answered request went out
	 */
	void answered(String peer, long requestSentNanos) {
		if (this.peers.find(peer) != null) {
			release(peer, (entry) -> requestSentNanos - entry.heldNanos > 0, false);
		}
	}

	/**
	 * Give a held reset what its retry loop decided; it is published now unless its cause is still open.
	 * A reset not waiting for a decision (published already, or never held for one) ignores it.
	 * @param event the reset as recorded
	 * @param decision the decision
	 * @param backoffNanos the delay before the retry, in nanoseconds
	 */
	void decided(ResetEvent event, RetryDecision decision, long backoffNanos) {
		PeerHeld peer = this.peers.find(event.peer());
		if (peer == null) {
			return;
		}
		Held complete = null;
		synchronized (peer) {
			for (Held entry : peer.entries) {
				if (entry.event == event) {
					if (entry.decide(decision, backoffNanos)) {
						complete = entry;
					}
					break;
				}
			}
		}
		if (complete != null) {
			publish(peer, List.of(complete));
		}
	}

	/**
	 * Run an action on a reset once it is published: at once, unless it is held.
	 * @param event the reset as recorded
	 * @param action what to do with the reset as published
	 */
	void afterPublished(ResetEvent event, Consumer<ResetEvent> action) {
		PeerHeld peer = this.peers.find(event.peer());
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
	 * Return whether a reset's cause is still open, waiting for the evidence of a restart.
	 * @param event the reset as recorded
	 * @return {@code true} while its cause waits for the evidence
	 */
	boolean isHeld(ResetEvent event) {
		PeerHeld peer = this.peers.find(event.peer());
		if (peer != null) {
			synchronized (peer) {
				for (Held entry : peer.entries) {
					if (entry.event == event) {
						return entry.causeOpen && entry.published == null;
					}
				}
			}
		}
		return false;
	}

	private void release(String peerName, Predicate<Held> which, boolean restart) {
		PeerHeld peer = this.peers.find(peerName);
		if (peer == null) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		List<Held> due = new ArrayList<>();
		synchronized (peer) {
			for (Held entry : peer.entries) {
				boolean windowEnded = now - entry.heldNanos >= this.windowNanos;
				boolean ready = windowEnded ? entry.publishAsItStands()
						: which.test(entry) && entry.settleCause(restart ? ResetCause.PEER_RESTART : null);
				if (ready) {
					due.add(entry);
				}
			}
			dropSettled(peer.entries, now);
		}
		publish(peer, due);
	}

	// A forgotten peer's resets cannot wait for what would settle them: no one would find them to settle.
	private void forgotten(String peerName, PeerHeld peer) {
		List<Held> due = new ArrayList<>();
		synchronized (peer) {
			peer.forgotten = true;
			for (Held entry : peer.entries) {
				if (entry.publishAsItStands()) {
					due.add(entry);
				}
			}
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

		// Set once the registry forgot the peer: a reset held here from then on would never be published.
		private boolean forgotten;

	}

	/**
	 * One held reset: as recorded, when it was held, what it still waits for, as it stands, as published
	 * once complete, and what waits for that.
	 */
	private static final class Held {

		private final ResetEvent event;

		private final long heldNanos;

		private final List<Consumer<ResetEvent>> waiting = new ArrayList<>(1);

		private ResetEvent current;

		private boolean causeOpen;

		private boolean decisionDue;

		private @Nullable ResetEvent published;

		Held(ResetEvent event, long heldNanos, boolean causeOpen, boolean decisionDue) {
			this.event = event;
			this.heldNanos = heldNanos;
			this.current = event;
			this.causeOpen = causeOpen;
			this.decisionDue = decisionDue;
		}

		/**
		 * Settle the cause, if it is open.
		 * @param cause the cause it turned out to have, {@code null} to keep its own
		 * @return whether the reset is complete now, and to be published
		 */
		boolean settleCause(@Nullable ResetCause cause) {
			if (!this.causeOpen) {
				return false;
			}
			this.causeOpen = false;
			if (cause != null) {
				this.current = this.current.withCause(cause);
			}
			return complete();
		}

		boolean decide(RetryDecision decision, long backoffNanos) {
			if (!this.decisionDue) {
				return false;
			}
			this.decisionDue = false;
			this.current = this.current.withDecision(decision, backoffNanos);
			return complete();
		}

		boolean publishAsItStands() {
			this.causeOpen = false;
			this.decisionDue = false;
			return complete();
		}

		private boolean complete() {
			if (this.published != null || this.causeOpen || this.decisionDue) {
				return false;
			}
			this.published = this.current;
			return true;
		}

	}

}
