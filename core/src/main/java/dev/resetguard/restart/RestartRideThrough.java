package dev.resetguard.restart;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.PeerRegistry;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.RetrySettings;

/**
 * Rides through peer restarts. When a peer is seen restarting (a {@code peer-restart} reset), calls
 * to it wait behind a gate while exactly one probe connection at a time is tried, paced by the peer's
 * retry backoff; the first probe that connects, or the first call that succeeds, opens the gate. A
 * call waits at most {@code maxWait}; the incident itself ends after {@code maxWait}, so a peer that
 * stays down is not waited for forever. No retry storm: while the peer is down only the probe touches it.
 * <p>
 * Blocking callers wait with {@link #awaitReady(String)}, reactive callers compose
 * {@link #whenReady(String)} and never block. One daemon thread times the probes and the ends of incidents;
 * each probe runs on a daemon thread of a pool, so a probe that blocks (a DNS lookup, a connect to a
 * black-holed peer, up to the connect timeout) holds up no other peer's probe and no incident's end. At most
 * one probe runs per restarting peer. Once closed, it starts no incident.
 */
public final class RestartRideThrough implements ResetEventListener, AutoCloseable {

	/** Default longest wait of a call for a restarting peer. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

	/**
	 * How soon after a peer reset a connection a refused connect to it starts riding through, as the default
	 * {@code restart-window}.
	 */
	static final Duration REFUSED_AFTER_RESET_WINDOW = CauseSettings.DEFAULT_RESTART_WINDOW;

	private static final CompletableFuture<Boolean> READY = CompletableFuture.completedFuture(Boolean.TRUE);

	private final long maxWaitNanos;

	private final Function<String, RetrySettings> settings;

	private final PeerProbe probe;

	private final Clock clock;

	private final LongSupplier nanoClock;

	private final ScheduledExecutorService timer;

	private final ExecutorService probes;

	private volatile boolean closed;

	// Not a PeerRegistry: an incident must not be forgotten while calls wait on it, and it ends by itself
	// within maxWait, so only peers restarting within the last maxWait are kept.
	private final ConcurrentMap<String, Incident> incidents = new ConcurrentHashMap<>();

	private final RecentPeerResets recentResets;

	/**
	 * Create a ride-through that remembers the recent resets of the default number of peers.
	 * @param maxWait longest a call waits for a restarting peer, and longest an incident lasts
	 * @param settings the retry settings of each peer, whose backoff paces the probes
	 * @param probe how to try to reach a peer
	 */
	public RestartRideThrough(Duration maxWait, Function<String, RetrySettings> settings, PeerProbe probe) {
		this(maxWait, settings, probe, PeerRegistry.DEFAULT_MAX_PEERS);
	}

	/**
	 * Create a ride-through.
	 * @param maxWait longest a call waits for a restarting peer, and longest an incident lasts
	 * @param settings the retry settings of each peer, whose backoff paces the probes
	 * @param probe how to try to reach a peer
	 * @param maxPeers the most peers whose last reset is remembered, at least 1 (see {@link PeerRegistry})
	 */
	public RestartRideThrough(Duration maxWait, Function<String, RetrySettings> settings, PeerProbe probe,
			int maxPeers) {
		this(maxWait, settings, probe, maxPeers, Clock.systemUTC(), System::nanoTime);
	}

	RestartRideThrough(Duration maxWait, Function<String, RetrySettings> settings, PeerProbe probe, int maxPeers,
			Clock clock, LongSupplier nanoClock) {
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new IllegalArgumentException("maxWait must be positive, but was " + maxWait);
		}
		this.maxWaitNanos = maxWait.toNanos();
		this.recentResets = new RecentPeerResets(REFUSED_AFTER_RESET_WINDOW.toNanos(), maxPeers);
		this.settings = Objects.requireNonNull(settings, "settings");
		this.probe = Objects.requireNonNull(probe, "probe");
		this.clock = clock;
		this.nanoClock = nanoClock;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "reset-guard-restart-timer"));
		this.probes = Executors.newCachedThreadPool((task) -> daemon(task, "reset-guard-restart-probe"));
	}

	/**
	 * Start riding through when a reset shows the peer restarting.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		this.recentResets.reset(event.peer(), this.nanoClock.getAsLong());
		if (event.cause() == ResetCause.PEER_RESTART) {
			restarting(event.peer());
		}
	}

	/**
	 * Note a reset held while its cause is decided: a connect refused soon after it belongs to a restart
	 * all the same.
	 * @param event the reset as recorded
	 */
	@Override
	public void onResetHeld(ResetEvent event) {
		this.recentResets.reset(event.peer(), this.nanoClock.getAsLong());
	}

	/**
	 * Tell whether a connect the peer refused belongs to a restart, and start riding through if it does:
	 * when the peer is restarting already, or when it reset a connection in the last
	 * {@link #REFUSED_AFTER_RESET_WINDOW}. A crashed peer resets its open connections and then refuses new
	 * ones, and a caller can meet the refusal before enough resets came in to show the restart; without this
	 * its call would fail while the others ride the restart out.
	 * @param peer the peer as {@code host:port}
	 * @return {@code true} if the peer is restarting now
	 */
	public boolean connectRefused(String peer) {
		if (isRestarting(peer)) {
			return true;
		}
		if (this.recentResets.resetWithin(peer, this.nanoClock.getAsLong())) {
			restarting(peer);
			return true;
		}
		return false;
	}

	int peersWithRecentResets() {
		return this.recentResets.size();
	}

	/**
	 * Treat the peer as restarting, unless it already is.
	 * @param peer the peer as {@code host:port}
	 */
	public void restarting(String peer) {
		if (this.closed) {
			return;
		}
		Incident started = this.incidents.computeIfAbsent(peer, (key) -> {
			Incident incident = new Incident(key, this.clock.instant(), this.nanoClock.getAsLong(),
					Backoff.of(this.settings.apply(key)));
			scheduleProbe(incident, 1);
			schedule(() -> end(incident, false), this.maxWaitNanos);
			return incident;
		});
		if (this.closed) {
			// Closed while the incident was made: close() may have missed it, so it ends here.
			end(started, true);
		}
	}

	/**
	 * Return whether the peer is restarting.
	 * @param peer the peer as {@code host:port}
	 * @return {@code true} while its gate is closed
	 */
	public boolean isRestarting(String peer) {
		return this.incidents.containsKey(peer);
	}

	/**
	 * Open the peer's gate, if it is closed, because a call attempt that started after the peer was seen
	 * restarting succeeded. An attempt that started earlier proves nothing: its answer may have left the
	 * peer just before it went down, and opening the gate then sends new calls into refused connects.
	 * @param peer the peer as {@code host:port}
	 * @param attemptStartNanos when the successful attempt started, on this ride-through's nano clock
	 * ({@link System#nanoTime()} unless a test gave another)
	 */
	public void callSucceeded(String peer, long attemptStartNanos) {
		Incident incident = this.incidents.get(peer);
		if (incident != null && attemptStartNanos - incident.startNanos >= 0) {
			end(incident, true);
		}
	}

	/**
	 * Wait, on the calling thread, until the peer accepts connections again, at most the maximum wait.
	 * Returns at once when the peer is not restarting.
	 * @param peer the peer as {@code host:port}
	 * @return {@code true} if the peer is ready, {@code false} if the wait timed out
	 * @throws InterruptedException if the calling thread is interrupted while waiting
	 */
	public boolean awaitReady(String peer) throws InterruptedException {
		Incident incident = this.incidents.get(peer);
		if (incident == null) {
			return true;
		}
		incident.waiting.incrementAndGet();
		try {
			return incident.ready.get(this.maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
		finally {
			incident.waiting.decrementAndGet();
		}
	}

	/**
	 * Return a future that completes when the peer accepts connections again ({@code true}) or the
	 * maximum wait passed ({@code false}); already complete when the peer is not restarting.
	 * @param peer the peer as {@code host:port}
	 * @return the future, never completed exceptionally
	 */
	public CompletableFuture<Boolean> whenReady(String peer) {
		Incident incident = this.incidents.get(peer);
		if (incident == null) {
			return READY;
		}
		incident.waiting.incrementAndGet();
		return incident.ready.thenApply(Boolean::valueOf)
			.completeOnTimeout(Boolean.FALSE, this.maxWaitNanos, TimeUnit.NANOSECONDS)
			.whenComplete((ready, failure) -> incident.waiting.decrementAndGet());
	}

	/**
	 * Return the peers that are restarting now.
	 * @return their states, by peer
	 */
	public List<RestartState> states() {
		List<RestartState> states = new ArrayList<>();
		for (Incident incident : this.incidents.values()) {
			states.add(new RestartState(incident.peer, incident.since, incident.waiting.get(), incident.probes.get()));
		}
		states.sort(Comparator.comparing(RestartState::peer));
		return states;
	}

	/** Stop probing and let every waiting call go ahead. */
	@Override
	public void close() {
		this.closed = true;
		this.timer.shutdownNow();
		this.probes.shutdownNow();
		this.incidents.values().forEach((incident) -> end(incident, true));
	}

	private void scheduleProbe(Incident incident, int number) {
		schedule(() -> runProbe(incident, number), incident.backoff.delayNanos(number));
	}

	private void schedule(Runnable task, long delayNanos) {
		try {
			this.timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed: close() ends every incident.
		}
	}

	private void runProbe(Incident incident, int number) {
		try {
			this.probes.execute(() -> probe(incident, number));
		}
		catch (RejectedExecutionException ex) {
			// Closed: close() ends every incident.
		}
	}

	private void probe(Incident incident, int number) {
		if (incident.ready.isDone()) {
			return;
		}
		if (this.nanoClock.getAsLong() - incident.startNanos >= this.maxWaitNanos) {
			end(incident, false);
			return;
		}
		incident.probes.incrementAndGet();
		try {
			this.probe.probe(incident.peer);
			end(incident, true);
		}
		catch (IOException | RuntimeException ex) {
			scheduleProbe(incident, number + 1);
		}
	}

	/**
	 * End an incident: waiting calls learn whether the peer came back ({@code true}) or the incident
	 * expired ({@code false}).
	 */
	private void end(Incident incident, boolean peerIsBack) {
		this.incidents.remove(incident.peer, incident);
		incident.ready.complete(peerIsBack);
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * One restart of one peer.
	 */
	private static final class Incident {

		private final String peer;

		private final Instant since;

		private final long startNanos;

		private final Backoff backoff;

		private final CompletableFuture<Boolean> ready = new CompletableFuture<>();

		private final AtomicInteger waiting = new AtomicInteger();

		private final AtomicInteger probes = new AtomicInteger();

		Incident(String peer, Instant since, long startNanos, Backoff backoff) {
			this.peer = peer;
			this.since = since;
			this.startNanos = startNanos;
			this.backoff = backoff;
		}

	}

}
