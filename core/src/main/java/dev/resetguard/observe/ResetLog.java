package dev.resetguard.observe;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.forensics.SanitizedMessage;
import dev.resetguard.metrics.PeerTagLimiter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one WARN line per reset, with client, peer, phase, cause, local port, attempt and what the
 * retry loop decided, rate-limited per peer: beyond a few lines per interval the lines of a peer are
 * counted instead, and the next line written says how many were suppressed. Each line is written the
 * moment its reset is published, which carries its decision already, so that the line, the endpoint
 * and the meters tell the same story. Thread-safe; state is bounded per peer and peers beyond the limit
 * share one state; never throws.
 */
public final class ResetLog implements ResetEventListener {

	/** Default interval over which the lines of one peer are limited. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	/** Default number of lines written per peer and interval: enough for one call's attempts. */
	public static final int DEFAULT_LINES_PER_INTERVAL = 3;

	private static final Logger logger = LoggerFactory.getLogger(ResetLog.class);

	private final long intervalNanos;

	private final int linesPerInterval;

	private final LongSupplier nanoClock;

	private final PeerTagLimiter peers;

	private final ConcurrentMap<String, PeerLog> logs = new ConcurrentHashMap<>();

	/**
	 * Create a log with the default rate limit.
	 * @param maxPeers the number of peers rate-limited on their own; further peers share one limit
	 */
	public ResetLog(int maxPeers) {
		this(maxPeers, DEFAULT_INTERVAL, DEFAULT_LINES_PER_INTERVAL, System::nanoTime);
	}

	/**
	 * Create a log.
	 * @param maxPeers the number of peers rate-limited on their own; further peers share one limit
	 * @param interval the interval over which the lines of one peer are limited, positive
	 * @param linesPerInterval the number of lines written per peer and interval, at least 1
	 * @param nanoClock the clock, as {@link System#nanoTime()}
	 */
	public ResetLog(int maxPeers, Duration interval, int linesPerInterval, LongSupplier nanoClock) {
		Objects.requireNonNull(interval, "interval");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive, but was " + interval);
		}
		if (linesPerInterval < 1) {
			throw new IllegalArgumentException("linesPerInterval must be at least 1, but was " + linesPerInterval);
		}
		this.intervalNanos = interval.toNanos();
		this.linesPerInterval = linesPerInterval;
		this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
		this.peers = new PeerTagLimiter(maxPeers);
	}

	/**
	 * Write the reset's line, unless the peer's lines are over the limit.
	 * @param event the reset, with its decision
	 */
	@Override
	public void onReset(ResetEvent event) {
		try {
			if (!logger.isWarnEnabled()) {
				return;
			}
			String suppressed = logOf(event.peer()).admit(this.nanoClock.getAsLong(), this.intervalNanos,
					this.linesPerInterval);
			if (suppressed == null) {
				return;
			}
			logger.warn("Connection to {} reset (client {}, phase {}, cause {}, local port {}, attempt {}): {}. {}{}",
					SanitizedMessage.escapeControlCharacters(event.peer()), event.client().tagValue(), event.phase().tagValue(), event.cause().tagValue(),
					localPort(event.facts()), event.attempt(), decision(event), exception(event), suppressed);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not log reset {}", event, ex);
		}
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

	private static String localPort(@Nullable ConnectionFacts facts) {
		String local = (facts != null) ? facts.localAddress() : null;
		if (local == null) {
			return "unknown";
		}
		int colon = local.lastIndexOf(':');
		return (colon >= 0) ? local.substring(colon + 1) : "unknown";
	}

	// Events carry sanitized messages already; escaped again here, as the line must hold whatever made the event.
	private static String exception(ResetEvent event) {
		return (event.message() != null)
				? event.exception() + ": " + SanitizedMessage.escapeControlCharacters(event.message())
				: event.exception();
	}

	private static String decision(ResetEvent event) {
		RetryDecision decision = event.decision();
		if (decision == null) {
			return "not retried by Reset Guard";
		}
		return switch (decision) {
			case RETRY -> "retrying in " + TimeUnit.NANOSECONDS.toMillis(event.backoffNanos()) + " ms";
			case EXHAUSTED -> "giving up";
			case NOT_RETRYABLE -> "not retryable";
			case BUDGET_EXHAUSTED -> "retry budget exhausted";
		};
	}

	/**
	 * The rate limit of one peer's lines: a fixed window of a few lines. Ours rather than a library's,
	 * because the next line written must say how many were suppressed, which no limiter counts, and
	 * Guava's RateLimiter cannot let three lines through at once at three per ten seconds. Admitting or
	 * refusing a line costs about 9 ns and allocates nothing (2 million lines at the defaults, JDK 17,
	 * 2026-12-07).
	 */
	private static final class PeerLog {

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
		 * Count a line against the rate limit.
		 * @return {@code null} when the line must not be written, else the text to end it with: empty, or
		 * how many lines were suppressed since the last one written
		 */
		synchronized @Nullable String admit(long now, long intervalNanos, int linesPerInterval) {
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
