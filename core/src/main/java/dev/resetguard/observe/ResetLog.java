package dev.resetguard.observe;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.SanitizedMessage;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.metrics.PeerTagLimiter;
import dev.resetguard.retry.CallOutcome;
import dev.resetguard.retry.CallOutcomeListener;
import dev.resetguard.retry.RetryDecision;
import dev.resetguard.retry.RetryDecisionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one WARN line per reset, with client, peer, phase, cause, local port, attempt and what the
 * retry loop decided, rate-limited per peer: beyond a few lines per interval the lines of a peer are
 * counted instead, and the next line written says how many were suppressed.
 * <p>
 * A reset seen by a client whose retry loop reports {@link RetryDecisionListener decisions} is held
 * until its decision arrives, so that its line can carry it. Should the decision never come, the
 * line is written without it when the peer is next active (a reset, decision or finished call) after
 * a short grace period, when newer resets of the peer need the slot, or on {@link #close()}. Resets
 * of other clients are written at once. Thread-safe; state is bounded per peer and peers beyond the
 * limit share one state; never throws.
 */
public final class ResetLog implements ResetEventListener, RetryDecisionListener, CallOutcomeListener, AutoCloseable {

	/** Default interval over which the lines of one peer are limited. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	/** Default number of lines written per peer and interval: enough for one call's attempts. */
	public static final int DEFAULT_LINES_PER_INTERVAL = 3;

	/** Clients whose retry loops report a decision for every reset they see. */
	public static final Set<ClientKind> DEFAULT_DECIDING_CLIENTS = Collections.unmodifiableSet(
			EnumSet.of(ClientKind.PROGRAMMATIC, ClientKind.REST_CLIENT, ClientKind.REST_TEMPLATE, ClientKind.WEB_CLIENT));

	static final long DECISION_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final int HELD_PER_PEER = 4;

	private static final Logger logger = LoggerFactory.getLogger(ResetLog.class);

	private final long intervalNanos;

	private final int linesPerInterval;

	private final Set<ClientKind> decidingClients;

	private final LongSupplier nanoClock;

	private final PeerTagLimiter peers;

	private final ConcurrentMap<String, PeerLog> logs = new ConcurrentHashMap<>();

	/**
	 * Create a log with the default rate limit and deciding clients.
	 * @param maxPeers the number of peers rate-limited on their own; further peers share one limit
	 */
	public ResetLog(int maxPeers) {
		this(maxPeers, DEFAULT_INTERVAL, DEFAULT_LINES_PER_INTERVAL, DEFAULT_DECIDING_CLIENTS, System::nanoTime);
	}

	/**
	 * Create a log.
	 * @param maxPeers the number of peers rate-limited on their own; further peers share one limit
	 * @param interval the interval over which the lines of one peer are limited, positive
	 * @param linesPerInterval the number of lines written per peer and interval, at least 1
	 * @param decidingClients the clients whose retry loops report a decision for every reset
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public ResetLog(int maxPeers, Duration interval, int linesPerInterval, Set<ClientKind> decidingClients,
			LongSupplier nanoClock) {
		Objects.requireNonNull(interval, "interval");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive, but was " + interval);
		}
		if (linesPerInterval < 1) {
			throw new IllegalArgumentException("linesPerInterval must be at least 1, but was " + linesPerInterval);
		}
		this.intervalNanos = interval.toNanos();
		this.linesPerInterval = linesPerInterval;
		this.decidingClients = decidingClients.isEmpty() ? Set.of()
				: Collections.unmodifiableSet(EnumSet.copyOf(decidingClients));
		this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
		this.peers = new PeerTagLimiter(maxPeers);
	}

	/**
	 * Write the reset's line, or hold it for its retry decision.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		try {
			if (!logger.isWarnEnabled()) {
				return;
			}
			long now = this.nanoClock.getAsLong();
			PeerLog log = logOf(event.peer());
			writeOverdue(log, now);
			if (this.decidingClients.contains(event.client())) {
				hold(log, event, now);
			}
			else {
				write(log, event, null, 0, now);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not log reset {}", event, ex);
		}
	}

	/**
	 * Write the line of a held reset, with the decision.
	 * @param reset the reset, as recorded
	 * @param decision what the retry loop does about it
	 * @param backoffNanos the delay before the retry, in nanoseconds
	 */
	@Override
	public void onDecision(ResetEvent reset, RetryDecision decision, long backoffNanos) {
		try {
			PeerLog log = this.logs.get(this.peers.tagFor(reset.peer()));
			if (log == null) {
				return;
			}
			long now = this.nanoClock.getAsLong();
			if (log.release(reset)) {
				write(log, reset, decision, backoffNanos, now);
			}
			writeOverdue(log, now);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not log decision {} about reset {}", decision, reset, ex);
		}
	}

	/**
	 * Write the lines of the peer's held resets whose decision is overdue. Allocation-free when none
	 * are held.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		try {
			PeerLog log = this.logs.get(this.peers.tagFor(peer));
			if (log != null && log.holdsAny()) {
				writeOverdue(log, this.nanoClock.getAsLong());
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not log held resets of {}", peer, ex);
		}
	}

	/**
	 * Write the lines of every held reset, without a decision.
	 */
	@Override
	public void close() {
		long now = this.nanoClock.getAsLong();
		this.logs.values().forEach((log) -> {
			for (int slot = 0; slot < HELD_PER_PEER; slot++) {
				Held held = log.take(slot);
				if (held != null) {
					write(log, held.event, null, 0, now);
				}
			}
		});
	}

	/**
	 * Return the number of peer states kept, at most the peer limit plus one for the other peers.
	 * @return the number of peer states
	 */
	public int peerStates() {
		return this.logs.size();
	}

	private PeerLog logOf(String peer) {
		String name = this.peers.tagFor(peer);
		PeerLog log = this.logs.get(name);
		return (log != null) ? log
				: this.logs.computeIfAbsent(name, (key) -> new PeerLog(PeerTagLimiter.OTHER.equals(key)));
	}

	private void hold(PeerLog log, ResetEvent event, long now) {
		Held displaced = log.hold(new Held(event, now));
		if (displaced != null) {
			write(log, displaced.event, null, 0, now);
		}
	}

	private void writeOverdue(PeerLog log, long now) {
		for (int slot = 0; slot < HELD_PER_PEER; slot++) {
			Held held = log.takeIfOverdue(slot, now);
			if (held != null) {
				write(log, held.event, null, 0, now);
			}
		}
	}

	private void write(PeerLog log, ResetEvent event, RetryDecision decision, long backoffNanos, long now) {
		String suppressed = log.admit(now, this.intervalNanos, this.linesPerInterval);
		if (suppressed == null) {
			return;
		}
		logger.warn("Connection to {} reset (client {}, phase {}, cause {}, local port {}, attempt {}): {}. {}{}",
				SanitizedMessage.escapeControlCharacters(event.peer()), event.client().tagValue(), event.phase().tagValue(), event.cause().tagValue(),
				localPort(event.facts()), event.attempt(), decision(decision, backoffNanos), exception(event),
				suppressed);
	}

	private static String localPort(ConnectionFacts facts) {
		String local = (facts != null) ? facts.localAddress() : null;
		int colon = (local != null) ? local.lastIndexOf(':') : -1;
		return (colon >= 0) ? local.substring(colon + 1) : "unknown";
	}

	// Events carry sanitized messages already; escaped again here, as the line must hold whatever made the event.
	private static String exception(ResetEvent event) {
		return (event.message() != null)
				? event.exception() + ": " + SanitizedMessage.escapeControlCharacters(event.message())
				: event.exception();
	}

	private static String decision(RetryDecision decision, long backoffNanos) {
		if (decision == null) {
			return "no retry decision reported";
		}
		return switch (decision) {
			case RETRY -> "retrying in " + TimeUnit.NANOSECONDS.toMillis(backoffNanos) + " ms";
			case EXHAUSTED -> "giving up";
			case NOT_RETRYABLE -> "not retryable";
			case BUDGET_EXHAUSTED -> "retry budget exhausted";
		};
	}

	/**
	 * A reset held for its decision.
	 */
	private static final class Held {

		private final ResetEvent event;

		private final long heldSince;

		private Held(ResetEvent event, long heldSince) {
			this.event = event;
			this.heldSince = heldSince;
		}

	}

	/**
	 * What the log keeps per peer: resets held for their decision, and the rate limit.
	 */
	private static final class PeerLog {

		private final AtomicReferenceArray<Held> held = new AtomicReferenceArray<>(HELD_PER_PEER);

		private final String suppressedFrom;

		private long intervalStart;

		private boolean started;

		private int lines;

		private long suppressed;

		private long suppressedSince;

		private PeerLog(boolean otherPeers) {
			this.suppressedFrom = otherPeers ? "from other peers" : "from this peer";
		}

		/**
		 * Hold a reset in a free slot, or in place of the oldest one held.
		 * @return the reset displaced, {@code null} if a slot was free
		 */
		Held hold(Held reset) {
			int oldest = 0;
			Held oldestHeld = null;
			for (int slot = 0; slot < HELD_PER_PEER; slot++) {
				Held candidate = this.held.get(slot);
				if (candidate == null) {
					if (this.held.compareAndSet(slot, null, reset)) {
						return null;
					}
				}
				else if (oldestHeld == null || candidate.heldSince - oldestHeld.heldSince < 0) {
					oldest = slot;
					oldestHeld = candidate;
				}
			}
			return this.held.getAndSet(oldest, reset);
		}

		boolean release(ResetEvent event) {
			for (int slot = 0; slot < HELD_PER_PEER; slot++) {
				Held candidate = this.held.get(slot);
				if (candidate != null && candidate.event == event && this.held.compareAndSet(slot, candidate, null)) {
					return true;
				}
			}
			return false;
		}

		boolean holdsAny() {
			for (int slot = 0; slot < HELD_PER_PEER; slot++) {
				if (this.held.get(slot) != null) {
					return true;
				}
			}
			return false;
		}

		Held takeIfOverdue(int slot, long now) {
			Held candidate = this.held.get(slot);
			if (candidate != null && now - candidate.heldSince >= DECISION_GRACE_NANOS
					&& this.held.compareAndSet(slot, candidate, null)) {
				return candidate;
			}
			return null;
		}

		Held take(int slot) {
			return this.held.getAndSet(slot, null);
		}

		/**
		 * Count a line against the rate limit.
		 * @return {@code null} when the line must not be written, else the text to end it with: empty, or
		 * how many lines were suppressed since the last one written
		 */
		synchronized String admit(long now, long intervalNanos, int linesPerInterval) {
			if (!this.started || now - this.intervalStart >= intervalNanos) {
				this.started = true;
				this.intervalStart = now;
				this.lines = 0;
			}
			if (this.lines >= linesPerInterval) {
				if (this.suppressed++ == 0) {
					this.suppressedSince = now;
				}
				return null;
			}
			this.lines++;
			if (this.suppressed == 0) {
				return "";
			}
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - this.suppressedSince + 999_999_999L));
			String text = " (" + this.suppressed + " more resets " + this.suppressedFrom + " suppressed in the last "
					+ seconds + "s)";
			this.suppressed = 0;
			return text;
		}

	}

}
