package dev.resetguard.reliability.matrix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.forensics.RetryDecisionListener;

/**
 * What Reset Guard tells the application about its cells, through the three public listener SPIs a user
 * can register as beans: every reset event, every retry decision and every call outcome, also kept per
 * peer for cells that run side by side, each against a chaos server of its own.
 */
public final class MatrixObserver implements ResetEventListener, RetryDecisionListener, CallOutcomeListener {

	private final Object monitor = new Object();

	private final List<ResetEvent> events = new ArrayList<>();

	private final List<RetryDecision> decisions = new ArrayList<>();

	private final List<CallOutcome> outcomes = new ArrayList<>();

	private final Map<String, List<ResetEvent>> eventsByPeer = new HashMap<>();

	private final Map<String, Integer> outcomesByPeer = new HashMap<>();

	@Override
	public void onReset(ResetEvent event) {
		synchronized (this.monitor) {
			this.events.add(event);
			this.eventsByPeer.computeIfAbsent(event.peer(), (peer) -> new ArrayList<>()).add(event);
		}
	}

	@Override
	public void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		synchronized (this.monitor) {
			this.decisions.add(decision);
		}
	}

	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		synchronized (this.monitor) {
			this.outcomes.add(outcome);
			this.outcomesByPeer.merge(peer, 1, Integer::sum);
			this.monitor.notifyAll();
		}
	}

	/**
	 * Forget everything seen so far.
	 */
	void clear() {
		synchronized (this.monitor) {
			this.events.clear();
			this.decisions.clear();
			this.outcomes.clear();
			this.eventsByPeer.clear();
			this.outcomesByPeer.clear();
		}
	}

	/**
	 * Wait until at least {@code count} call outcomes arrived, as some clients report theirs on another
	 * thread just after the caller got its answer.
	 * @param count the number of outcomes to wait for
	 * @param timeout the longest wait
	 * @return whether they arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitOutcomes(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.outcomes.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.monitor.wait(Math.max(1, left / 1_000_000));
			}
			return true;
		}
	}

	/**
	 * Wait until at least {@code count} call outcomes arrived for one peer.
	 * @param peer the peer, as {@code host:port}
	 * @param count the number of outcomes to wait for
	 * @param timeout the longest wait
	 * @return whether they arrived in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitOutcomes(String peer, int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (this.outcomesByPeer.getOrDefault(peer, 0) < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.monitor.wait(Math.max(1, left / 1_000_000));
			}
			return true;
		}
	}

	/**
	 * Return the resets seen with one peer.
	 * @param peer the peer, as {@code host:port}
	 * @return the reset events, in the order they were recorded
	 */
	public List<ResetEvent> eventsFor(String peer) {
		synchronized (this.monitor) {
			return List.copyOf(this.eventsByPeer.getOrDefault(peer, List.of()));
		}
	}

	/**
	 * Return how many resets were seen with one peer.
	 * @param peer the peer, as {@code host:port}
	 * @return the number of reset events
	 */
	public int resetCount(String peer) {
		synchronized (this.monitor) {
			return this.eventsByPeer.getOrDefault(peer, List.of()).size();
		}
	}

	List<ResetEvent> events() {
		synchronized (this.monitor) {
			return List.copyOf(this.events);
		}
	}

	List<RetryDecision> decisions() {
		synchronized (this.monitor) {
			return List.copyOf(this.decisions);
		}
	}

	List<CallOutcome> outcomes() {
		synchronized (this.monitor) {
			return List.copyOf(this.outcomes);
		}
	}

}
