package dev.resetguard.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code peer} tag's cardinality bounded: the first {@code maxPeers} distinct peers are tagged
 * with their {@code host:port}, every further peer with {@value #OTHER}. Thread-safe; the set of
 * remembered peers never grows beyond {@code maxPeers}.
 * <p>
 * It admits peers for good rather than evicting as {@link dev.resetguard.forensics.PeerRegistry} does,
 * with the same bound: a tag value once handed out is a series in the meter registry (and a window of the
 * health statistics, and a rate limit of the log) that stays, so forgetting one peer to name another would
 * grow them past the bound.
 */
public final class PeerTagLimiter {

	/** The tag value of every peer beyond the limit. */
	public static final String OTHER = "other";

	private final int maxPeers;

	private final Set<String> peers = ConcurrentHashMap.newKeySet();

	private final AtomicInteger claimed = new AtomicInteger();

	/**
	 * Create a limiter.
	 * @param maxPeers the number of distinct peers tagged with their own name, at least 0
	 */
	public PeerTagLimiter(int maxPeers) {
		if (maxPeers < 0) {
			throw new IllegalArgumentException("maxPeers must be at least 0, but was " + maxPeers);
		}
		this.maxPeers = maxPeers;
	}

	/**
	 * Return the tag value of a peer.
	 * @param peer the peer as {@code host:port}; {@code null} counts as a peer beyond the limit
	 * @return the peer itself while it is among the first {@code maxPeers} seen, {@value #OTHER} otherwise
	 */
	public String tagFor(@Nullable String peer) {
		if (peer == null) {
			return OTHER;
		}
		if (this.peers.contains(peer)) {
			return peer;
		}
		if (this.claimed.get() >= this.maxPeers) {
			return OTHER;
		}
		// Claim a slot before adding, so that racing threads can never push the set past maxPeers.
		if (this.claimed.incrementAndGet() > this.maxPeers) {
			this.claimed.decrementAndGet();
			return OTHER;
		}
		if (!this.peers.add(peer)) {
			this.claimed.decrementAndGet();
		}
		return peer;
	}

}
