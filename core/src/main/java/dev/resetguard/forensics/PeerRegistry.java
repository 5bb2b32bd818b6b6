package dev.resetguard.forensics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What Reset Guard keeps per peer, for at most {@code reset-guard.metrics.max-peers} peers: the one bound
 * and the one eviction policy of retry budgets, learned idle timeouts, peer keys and restart history.
 * Past the bound, a second-chance sweep (CLOCK) forgets a peer not looked up since the sweep last passed
 * it; a peer that is only ever seen once is the first to go, so a burst of one-off peers cannot push out
 * the peers an application keeps calling. Thread-safe; looking up a known peer allocates nothing and,
 * once it is marked used, writes nothing.
 * <p>
 * Not Caffeine, which this registry used at first: several lookups per call each record their read for
 * Caffeine's eviction policy, and JFR method sampling put Caffeine at 0.44 µs of user time per call over
 * Apache HttpClient and 1.12 µs over WebClient (benchmarks/results/cpu-profile.md, 2026-12-07), about 3 %
 * of a call, for a map of at most a few hundred peers.
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

	private final ConcurrentMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

	private final int maxPeers;

	private final Function<String, ? extends V> factory;

	private final BiConsumer<String, V> forgotten;

	// Making room is rare (only past the bound) and must not forget two peers for one newcomer.
	private final Object sweep = new Object();

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
		this.maxPeers = maxPeers;
		this.factory = Objects.requireNonNull(factory, "factory");
		this.forgotten = Objects.requireNonNull(forgotten, "forgotten");
	}

	/**
	 * Return a peer's entry, making it if the peer is not kept.
	 * @param peer the peer as {@code host:port}
	 * @return its entry
	 */
	public V get(String peer) {
		Entry<V> entry = this.entries.get(peer);
		if (entry != null) {
			return entry.used();
		}
		entry = this.entries.computeIfAbsent(peer, (key) -> new Entry<>(this.factory.apply(key)));
		if (this.entries.size() > this.maxPeers) {
			makeRoom(peer);
		}
		return entry.value;
	}

	/**
	 * Return a peer's entry if the peer is kept.
	 * @param peer the peer as {@code host:port}
	 * @return its entry, {@code null} if it is not kept
	 */
	public @Nullable V find(String peer) {
		Entry<V> entry = this.entries.get(peer);
		return (entry != null) ? entry.used() : null;
	}

	/**
	 * Call an action with each peer kept and its entry, at most the bound of them.
	 * @param action the action
	 */
	public void forEach(BiConsumer<String, V> action) {
		this.entries.forEach((peer, entry) -> action.accept(peer, entry.value));
	}

	/**
	 * Return the most peers kept.
	 * @return the bound, at least 1
	 */
	public int maxPeers() {
		return this.maxPeers;
	}

	/**
	 * Return the number of peers kept.
	 * @return at most the bound
	 */
	public int size() {
		return Math.min(this.entries.size(), this.maxPeers);
	}

	/**
	 * Forget peers until the bound holds again, never the newcomer: the sweep takes a used peer's mark and
	 * forgets the first peer found unmarked.
	 */
	private void makeRoom(String newcomer) {
		synchronized (this.sweep) {
			while (this.entries.size() > this.maxPeers) {
				forgetOne(newcomer);
			}
		}
	}

	// Two passes find an unmarked peer unless callers mark them again as fast as the sweep clears them;
	// then the last peer passed over goes, so that making room always ends.
	private void forgetOne(String newcomer) {
		@Nullable String last = null;
		for (int pass = 0; pass < 2; pass++) {
			for (Map.Entry<String, Entry<V>> candidate : this.entries.entrySet()) {
				String peer = candidate.getKey();
				Entry<V> entry = candidate.getValue();
				if (peer.equals(newcomer)) {
					continue;
				}
				if (entry.used) {
					entry.used = false;
					last = peer;
				}
				else if (this.entries.remove(peer, entry)) {
					this.forgotten.accept(peer, entry.value);
					return;
				}
			}
		}
		if (last != null) {
			Entry<V> entry = this.entries.remove(last);
			if (entry != null) {
				this.forgotten.accept(last, entry.value);
			}
		}
	}

	/**
	 * A peer's entry and its second-chance mark.
	 */
	private static final class Entry<V> {

		private final V value;

		private volatile boolean used;

		Entry(V value) {
			this.value = value;
		}

		// Written only when it changes, so that looking up a busy peer leaves its cache line alone.
		V used() {
			if (!this.used) {
				this.used = true;
			}
			return this.value;
		}

	}

}
