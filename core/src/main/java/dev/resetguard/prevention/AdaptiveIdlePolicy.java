package dev.resetguard.prevention;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseInference.LearnedIdleTimeouts;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ConnectionListener;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.PeerRegistry;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;

/**
 * Learns each peer's idle timeout from the stale-connection resets it causes, and tells connection
 * pools which pooled connections to retire before they are leased again: the most common reset then
 * stops happening at all. The learned timeout of a peer is the shortest idle time that met a reset;
 * connections idle for longer than that, minus a margin and never less than a floor, are retired.
 * <p>
 * A reset of a reused connection only teaches an idle timeout when it is consistent with one: its idle
 * time must be longer than every idle time after which the peer recently answered on a reused
 * connection. A peer that resets now and then for other reasons (an application abort on a pooled
 * connection looks just like a stale one) therefore teaches nothing, as long as longer-idle connections
 * keep working. As a {@link ConnectionListener} the policy sees those answers; instrumentations that
 * collect the application's connection listeners pick it up.
 * <p>
 * Bounded: the peers a {@link PeerRegistry} keeps are learned and watched, and a forgotten peer's timeout
 * is learned again from its next stale reset; the lookup done before every lease is a map read and
 * allocates nothing.
 */
public final class AdaptiveIdlePolicy implements ResetEventListener, ConnectionListener, LearnedIdleTimeouts {

	/** Default fraction of the learned timeout kept as margin. */
	public static final double DEFAULT_MARGIN = 0.2;

	/**
	 * Default shortest idle time after which a connection may be retired: the idle time that cause inference
	 * takes for an idle timeout, as both are {@code reset-guard.prevention.min-idle}.
	 */
	public static final Duration DEFAULT_FLOOR = CauseSettings.DEFAULT_STALE_IDLE;

	/** How long an answer after an idle spell counts against stale resets of shorter idle spells. */
	static final Duration EVIDENCE_WINDOW = Duration.ofMinutes(1);

	private static final long UNKNOWN = Long.MAX_VALUE;

	private final double margin;

	private final long floorNanos;

	private final LongSupplier nanoClock;

	private final PeerRegistry<PeerIdle> peers;

	/**
	 * Create a policy with the default margin, floor and peer bound.
	 */
	public AdaptiveIdlePolicy() {
		this(DEFAULT_MARGIN, DEFAULT_FLOOR, PeerRegistry.DEFAULT_MAX_PEERS);
	}

	/**
	 * Create a policy.
	 * @param margin fraction of the learned timeout kept as margin, from 0 (inclusive) to 1 (exclusive)
	 * @param floor shortest idle time after which a connection may be retired, positive
	 * @param maxPeers the most peers whose idle timeout is learned, at least 1
	 */
	public AdaptiveIdlePolicy(double margin, Duration floor, int maxPeers) {
		this(margin, floor, maxPeers, System::nanoTime);
	}

	AdaptiveIdlePolicy(double margin, Duration floor, int maxPeers, LongSupplier nanoClock) {
		if (!(margin >= 0 && margin < 1)) {
			throw new IllegalArgumentException("margin must be at least 0 and below 1, but was " + margin);
		}
		Objects.requireNonNull(floor, "floor");
		if (floor.isNegative() || floor.isZero()) {
			throw new IllegalArgumentException("floor must be positive, but was " + floor);
		}
		this.margin = margin;
		this.floorNanos = floor.toNanos();
		this.nanoClock = nanoClock;
		this.peers = new PeerRegistry<>(maxPeers, (peer) -> new PeerIdle(nanoClock.getAsLong()));
	}

	/**
	 * Learn from a reset: a stale-connection reset of a reused connection shows the peer's idle
	 * timeout is at most the time the connection sat idle, unless the peer recently answered on a
	 * connection that had sat idle at least as long.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		ConnectionFacts facts = event.facts();
		if (event.cause() == ResetCause.STALE_CONNECTION && facts != null && facts.reused()
				&& facts.idleBeforeUse() != null) {
			Duration idle = facts.idleBeforeUse();
			if (idle.toNanos() > longestAnsweredIdleNanos(event.peer())) {
				learn(event.peer(), idle);
			}
		}
	}

	/**
	 * Note that a peer answered on a reused connection: its idle timeout is longer than the time that
	 * connection had sat idle.
	 * @param trace the connection
	 */
	@Override
	public void responseStart(ConnectionTrace trace) {
		if (trace.isReused()) {
			answered(trace.peer(), trace.idleBeforeUseNanos());
		}
	}

	void answered(String peer, long idleNanos) {
		this.peers.get(peer).answered.record(idleNanos, this.nanoClock.getAsLong());
	}

	long longestAnsweredIdleNanos(String peer) {
		PeerIdle idle = this.peers.find(peer);
		return (idle != null) ? idle.answered.longest(this.nanoClock.getAsLong()) : 0;
	}

	/**
	 * Record that a connection to a peer was found reset after sitting idle for the given time.
	 * @param peer the peer as {@code host:port}
	 * @param idle how long the connection had been idle
	 */
	public void learn(String peer, Duration idle) {
		this.peers.get(peer).learn(idle.toNanos());
	}

	/**
	 * Return whether a pooled connection to a peer that has been idle for the given time should be
	 * retired instead of leased.
	 * @param peer the peer as {@code host:port}
	 * @param idleNanos how long the connection has been idle, in nanoseconds
	 * @return {@code true} to retire it
	 */
	public boolean shouldRetire(String peer, long idleNanos) {
		return idleNanos >= retireAfterNanos(peer);
	}

	/**
	 * Return how long a pooled connection to a peer may sit idle before it is retired.
	 * @param peer the peer as {@code host:port}
	 * @return the limit in nanoseconds, {@link Long#MAX_VALUE} while nothing was learned
	 */
	public long retireAfterNanos(String peer) {
		long shortest = shortestStaleIdleNanos(peer);
		return (shortest != UNKNOWN) ? Math.max(this.floorNanos, (long) (shortest * (1 - this.margin))) : UNKNOWN;
	}

	/**
	 * Return the idle timeout learned for a peer: the shortest idle time that met a reset.
	 * @param peer the peer as {@code host:port}
	 * @return the learned timeout, empty while nothing was learned
	 */
	public Optional<Duration> learnedIdleTimeout(String peer) {
		long shortest = shortestStaleIdleNanos(peer);
		return (shortest != UNKNOWN) ? Optional.of(Duration.ofNanos(shortest)) : Optional.empty();
	}

	/**
	 * Return the idle timeout learned for a peer, for cause inference: without allocating, as it is
	 * asked on every reset of a reused connection.
	 * @param peer the peer as {@code host:port}
	 * @return the learned timeout in nanoseconds, or {@link CauseInference#UNKNOWN_IDLE_TIMEOUT}
	 */
	@Override
	public long idleTimeoutNanos(String peer) {
		long shortest = shortestStaleIdleNanos(peer);
		return (shortest != UNKNOWN) ? shortest : CauseInference.UNKNOWN_IDLE_TIMEOUT;
	}

	/**
	 * Return the idle timeouts learned so far, by peer.
	 * @return a sorted snapshot
	 */
	public Map<String, Duration> learnedIdleTimeouts() {
		Map<String, Duration> learned = new TreeMap<>();
		this.peers.forEach((peer, idle) -> {
			long shortest = idle.shortestStale;
			if (shortest != UNKNOWN) {
				learned.put(peer, Duration.ofNanos(shortest));
			}
		});
		return learned;
	}

	private long shortestStaleIdleNanos(String peer) {
		PeerIdle idle = this.peers.find(peer);
		return (idle != null) ? idle.shortestStale : UNKNOWN;
	}

	/**
	 * What one peer taught: the shortest idle time that met a stale reset, and the idle times after which
	 * it answered.
	 */
	private static final class PeerIdle {

		private final AnsweredIdle answered;

		private volatile long shortestStale = UNKNOWN;

		PeerIdle(long nowNanos) {
			this.answered = new AnsweredIdle(nowNanos);
		}

		synchronized void learn(long idleNanos) {
			this.shortestStale = Math.min(this.shortestStale, idleNanos);
		}

	}

	/**
	 * The longest idle time after which a peer answered on a reused connection, over the current and
	 * the previous {@link #EVIDENCE_WINDOW evidence window}, so that old evidence fades out.
	 */
	private static final class AnsweredIdle {

		private static final long WINDOW_NANOS = EVIDENCE_WINDOW.toNanos();

		private volatile long windowStartNanos;

		private volatile long current;

		private volatile long previous;

		AnsweredIdle(long nowNanos) {
			this.windowStartNanos = nowNanos;
		}

		void record(long idleNanos, long nowNanos) {
			rotate(nowNanos);
			// Races between answers may lose a maximum to a smaller one; the next answer restores it.
			if (idleNanos > this.current) {
				this.current = idleNanos;
			}
		}

		long longest(long nowNanos) {
			rotate(nowNanos);
			return Math.max(this.current, this.previous);
		}

		private void rotate(long nowNanos) {
			long elapsed = nowNanos - this.windowStartNanos;
			if (elapsed >= WINDOW_NANOS) {
				synchronized (this) {
					elapsed = nowNanos - this.windowStartNanos;
					if (elapsed >= WINDOW_NANOS) {
						this.previous = (elapsed < 2 * WINDOW_NANOS) ? this.current : 0;
						this.current = 0;
						this.windowStartNanos = nowNanos;
					}
				}
			}
		}

	}

}
