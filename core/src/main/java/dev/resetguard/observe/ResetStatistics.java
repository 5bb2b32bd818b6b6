package dev.resetguard.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.metrics.PeerTagLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the calls and resets of each peer over a sliding window, for the health indicator and the
 * resets endpoint. Memory is bounded: each peer's window is a fixed ring of {@value #BUCKETS} time
 * buckets (so the window slides in steps of a {@value #BUCKETS}th of its length), and peers beyond
 * the limit share one window named {@value PeerTagLimiter#OTHER}, as in the metrics. Thread-safe;
 * counting a call is allocation-free once its peer is known, and nothing here throws into a call.
 */
public final class ResetStatistics implements ResetEventListener, CallOutcomeListener {

	/** Default length of the window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

	/** Number of time buckets each peer's window is made of. */
	public static final int BUCKETS = 12;

	private static final Logger logger = LoggerFactory.getLogger(ResetStatistics.class);

	private final Duration window;

	private final long bucketNanos;

	private final LongSupplier nanoClock;

	private final PeerTagLimiter peers;

	private final ConcurrentMap<String, PeerWindow> windows = new ConcurrentHashMap<>();

	/**
	 * Create statistics that read {@link System#nanoTime()}.
	 * @param window the length of the sliding window, positive
	 * @param maxPeers the number of peers counted under their own name; further peers are counted
	 * together as {@value PeerTagLimiter#OTHER}
	 */
	public ResetStatistics(Duration window, int maxPeers) {
		this(window, maxPeers, System::nanoTime);
	}

	/**
	 * Create statistics.
	 * @param window the length of the sliding window, positive
	 * @param maxPeers the number of peers counted under their own name; further peers are counted
	 * together as {@value PeerTagLimiter#OTHER}
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public ResetStatistics(Duration window, int maxPeers, LongSupplier nanoClock) {
		Objects.requireNonNull(window, "window");
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, but was " + window);
		}
		this.window = window;
		this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
		this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
		this.peers = new PeerTagLimiter(maxPeers);
	}

	/**
	 * Count a reset of its peer.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		try {
			windowOf(event.peer()).reset(this.nanoClock.getAsLong(), event.cause(), event.time());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count reset {}", event, ex);
		}
	}

	/**
	 * Count a finished call, whatever its outcome.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		try {
			windowOf(peer).call(this.nanoClock.getAsLong());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count call to {}", peer, ex);
		}
	}

	/**
	 * Return the statistics of every peer counted since the start or the last {@link #clear()}.
	 * @return the statistics, sorted by peer
	 */
	public List<PeerStatistics> snapshot() {
		long now = this.nanoClock.getAsLong();
		List<PeerStatistics> snapshot = new ArrayList<>(this.windows.size());
		this.windows.forEach((peer, window) -> snapshot.add(window.snapshot(peer, now)));
		snapshot.sort(Comparator.comparing(PeerStatistics::peer));
		return snapshot;
	}

	/**
	 * Forget every count and last reset time. Peers keep the name they are counted under.
	 */
	public void clear() {
		this.windows.clear();
	}

	/**
	 * Return the length of the sliding window.
	 * @return the window
	 */
	public Duration window() {
		return this.window;
	}

	/**
	 * Return the number of windows kept, at most the peer limit plus one for the other peers.
	 * @return the number of windows
	 */
	public int windows() {
		return this.windows.size();
	}

	private PeerWindow windowOf(String peer) {
		String name = this.peers.tagFor(peer);
		PeerWindow window = this.windows.get(name);
		return (window != null) ? window
				: this.windows.computeIfAbsent(name, (key) -> new PeerWindow(BUCKETS, this.bucketNanos));
	}

}
