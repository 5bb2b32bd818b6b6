package dev.resetguard.prevention;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;

/**
 * Learns each peer's idle timeout from the stale-connection resets it causes, and tells connection
 * pools which pooled connections to retire before they are leased again: the most common reset then
 * stops happening at all. The learned timeout of a peer is the shortest idle time that met a reset;
 * connections idle for longer than that, minus a margin and never less than a floor, are retired.
 * <p>
 * Bounded: at most a fixed number of peers are learned; the lookup done before every lease is a
 * map read and allocates nothing.
 */
public final class AdaptiveIdlePolicy implements ResetEventListener {

	/** Default fraction of the learned timeout kept as margin. */
	public static final double DEFAULT_MARGIN = 0.2;

	/** Default shortest idle time after which a connection may be retired. */
	public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(1);

	/** Default number of peers whose idle timeout is learned. */
	public static final int DEFAULT_MAX_PEERS = 1024;

	private static final long UNKNOWN = Long.MAX_VALUE;

	private final double margin;

	private final long floorNanos;

	private final int maxPeers;

	private final ConcurrentMap<String, AtomicLong> shortestStaleIdle = new ConcurrentHashMap<>();

	/**
	 * Create a policy with the default margin, floor and peer limit.
	 */
	public AdaptiveIdlePolicy() {
		this(DEFAULT_MARGIN, DEFAULT_FLOOR, DEFAULT_MAX_PEERS);
	}

	/**
	 * Create a policy.
	 * @param margin fraction of the learned timeout kept as margin, from 0 (inclusive) to 1 (exclusive)
	 * @param floor shortest idle time after which a connection may be retired, positive
	 * @param maxPeers number of peers whose idle timeout is learned, at least 1
	 */
	public AdaptiveIdlePolicy(double margin, Duration floor, int maxPeers) {
		if (!(margin >= 0 && margin < 1)) {
			throw new IllegalArgumentException("margin must be at least 0 and below 1, but was " + margin);
		}
		Objects.requireNonNull(floor, "floor");
		if (floor.isNegative() || floor.isZero()) {
			throw new IllegalArgumentException("floor must be positive, but was " + floor);
		}
		if (maxPeers < 1) {
			throw new IllegalArgumentException("maxPeers must be at least 1, but was " + maxPeers);
		}
		this.margin = margin;
		this.floorNanos = floor.toNanos();
		this.maxPeers = maxPeers;
	}

	/**
	 * Learn from a reset: a stale-connection reset of a reused connection shows the peer's idle
	 * timeout is at most the time the connection sat idle.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		ConnectionFacts facts = event.facts();
		if (event.cause() == ResetCause.STALE_CONNECTION && facts != null && facts.reused()
				&& facts.idleBeforeUse() != null) {
			learn(event.peer(), facts.idleBeforeUse());
		}
	}

	/**
	 * Record that a connection to a peer was found reset after sitting idle for the given time.
	 * @param peer the peer as {@code host:port}
	 * @param idle how long the connection had been idle
	 */
	public void learn(String peer, Duration idle) {
		AtomicLong shortest = this.shortestStaleIdle.get(peer);
		if (shortest == null) {
			if (this.shortestStaleIdle.size() >= this.maxPeers) {
				return;
			}
			shortest = this.shortestStaleIdle.computeIfAbsent(peer, (key) -> new AtomicLong(UNKNOWN));
		}
		long idleNanos = idle.toNanos();
		shortest.accumulateAndGet(idleNanos, Math::min);
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
		AtomicLong shortest = this.shortestStaleIdle.get(peer);
		if (shortest == null) {
			return UNKNOWN;
		}
		return Math.max(this.floorNanos, (long) (shortest.get() * (1 - this.margin)));
	}

	/**
	 * Return the idle timeout learned for a peer: the shortest idle time that met a reset.
	 * @param peer the peer as {@code host:port}
	 * @return the learned timeout, empty while nothing was learned
	 */
	public Optional<Duration> learnedIdleTimeout(String peer) {
		AtomicLong shortest = this.shortestStaleIdle.get(peer);
		return (shortest != null) ? Optional.of(Duration.ofNanos(shortest.get())) : Optional.empty();
	}

	/**
	 * Return the idle timeouts learned so far, by peer.
	 * @return a sorted snapshot
	 */
	public Map<String, Duration> learnedIdleTimeouts() {
		Map<String, Duration> learned = new TreeMap<>();
		this.shortestStaleIdle.forEach((peer, shortest) -> learned.put(peer, Duration.ofNanos(shortest.get())));
		return learned;
	}

}
