package dev.resetguard.forensics;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;

/**
 * What Reset Guard keeps per peer, for at most {@code reset-guard.metrics.max-peers} peers: the one bound
 * and the one eviction policy of retry budgets, learned idle timeouts, peer keys and restart history.
 * Past the bound, Caffeine's size eviction (W-TinyLFU) forgets the peers called least often of late;
 * a peer seen once may be forgotten at once, so a burst of one-off peers cannot push out the peers an
 * application talks to. Thread-safe; looking up a known peer allocates nothing.
 * <p>
 * Everything kept here must be safe to forget, because it is rebuilt when its peer comes back: a budget
 * starts full again (a peer called often enough to spend its budget is not the one forgotten), an idle
 * timeout is learned again from the next stale reset, a key is built again, and restart evidence only
 * ever looks a restart window back. The {@code peer} tag is the exception and is not kept here: a tag
 * value handed out is a series in the meter registry for good, so forgetting one and naming a new peer
 * would grow the series past the bound; {@code PeerTagLimiter} admits the first peers for good instead.
 *
 * @param <V> what is kept per peer
 */
public final class PeerRegistry<V> {

	/** The default bound, that of {@code reset-guard.metrics.max-peers}. */
	public static final int DEFAULT_MAX_PEERS = 100;

	private final Cache<String, V> entries;

	private final Function<String, ? extends V> factory;

	/**
	 * Create a registry.
	 * @param maxPeers the most peers kept, at least 1
	 * @param factory makes a peer's entry when the peer is first seen, or seen again once forgotten
	 */
	public PeerRegistry(int maxPeers, Function<String, ? extends V> factory) {
		this(maxPeers, factory, (peer, entry) -> {
		});
	}

	/**
	 * Create a registry that tells when it forgets a peer.
	 * @param maxPeers the most peers kept, at least 1
	 * @param factory makes a peer's entry when the peer is first seen, or seen again once forgotten
	 * @param forgotten called with each peer and its entry when the bound forgets them, on the thread
	 * that made room, after the entry left the registry
	 */
	public PeerRegistry(int maxPeers, Function<String, ? extends V> factory, BiConsumer<String, V> forgotten) {
		if (maxPeers < 1) {
			throw new IllegalArgumentException("maxPeers must be at least 1, but was " + maxPeers);
		}
		this.factory = Objects.requireNonNull(factory, "factory");
		Objects.requireNonNull(forgotten, "forgotten");
		// Maintenance on the calling thread: the bound holds as soon as a call returns, and no pool of
		// Reset Guard's or the common pool's runs it.
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxPeers)
			.executor(Runnable::run)
			.<String, V>removalListener((peer, entry, cause) -> {
				if (cause == RemovalCause.SIZE && peer != null && entry != null) {
					forgotten.accept(peer, entry);
				}
			})
			.build();
	}

	/**
	 * Return a peer's entry, making it if the peer is not kept.
	 * @param peer the peer as {@code host:port}
	 * @return its entry
	 */
	public V get(String peer) {
		return this.entries.get(peer, this.factory);
	}

	/**
	 * Return a peer's entry if the peer is kept.
	 * @param peer the peer as {@code host:port}
	 * @return its entry, {@code null} if it is not kept
	 */
	public @Nullable V find(String peer) {
		return this.entries.getIfPresent(peer);
	}

	/**
	 * Call an action with each peer kept and its entry, at most the bound of them.
	 * @param action the action
	 */
	public void forEach(BiConsumer<String, V> action) {
		// A write on a thread that found the maintenance busy leaves the registry past its bound until the next
		// maintenance: run it first.
		this.entries.cleanUp();
		this.entries.asMap().forEach(action);
	}

	/**
	 * Return the number of peers kept.
	 * @return at most the bound
	 */
	public int size() {
		this.entries.cleanUp();
		return (int) this.entries.estimatedSize();
	}

}
