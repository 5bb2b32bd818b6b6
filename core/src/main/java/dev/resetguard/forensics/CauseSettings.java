package dev.resetguard.forensics;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of cause inference. Immutable.
 *
 * @param middleboxSilence silence after which a reset is attributed to a firewall or proxy
 * @param restartWindow window within which resets on several connections to one peer mean a restart
 * @param restartMinConnections minimum number of distinct connections reset within the window, at least
 * {@link #MIN_RESTART_CONNECTIONS}
 * @param staleIdle idle time after which a reused connection's reset is taken for an idle timeout even
 * when no close was seen before the request, unless the peer's learned idle timeout is shorter
 */
public record CauseSettings(Duration middleboxSilence, Duration restartWindow, int restartMinConnections,
		Duration staleIdle) {

	/** Default silence after which a reset is attributed to a middlebox. */
	public static final Duration DEFAULT_MIDDLEBOX_SILENCE = Duration.ofSeconds(30);

	/** Default peer-restart window. */
	public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofSeconds(2);

	/** Default minimum number of connections reset within the window to call it a restart. */
	public static final int DEFAULT_RESTART_MIN_CONNECTIONS = 3;

	/** Fewest connections whose resets can show a restart: a reset on a single connection is no sign of one. */
	public static final int MIN_RESTART_CONNECTIONS = 2;

	/**
	 * Default idle time that alone makes a reused connection's reset an idle timeout: the default floor
	 * of adaptive idle, {@code reset-guard.prevention.min-idle}.
	 */
	public static final Duration DEFAULT_STALE_IDLE = Duration.ofSeconds(1);

	/**
	 * Validate the thresholds.
	 * @param middleboxSilence silence after which a reset is attributed to a firewall or proxy
	 * @param restartWindow window within which resets on several connections mean a restart
	 * @param restartMinConnections minimum number of distinct connections reset within the window
	 * @param staleIdle idle time that alone makes a reused connection's reset an idle timeout
	 */
	public CauseSettings {
		Objects.requireNonNull(middleboxSilence, "middleboxSilence");
		Objects.requireNonNull(restartWindow, "restartWindow");
		Objects.requireNonNull(staleIdle, "staleIdle");
		if (staleIdle.isNegative() || staleIdle.isZero()) {
			throw new IllegalArgumentException("staleIdle must be positive, was " + staleIdle);
		}
		if (middleboxSilence.isNegative() || middleboxSilence.isZero()) {
			throw new IllegalArgumentException("middleboxSilence must be positive, was " + middleboxSilence);
		}
		if (restartWindow.isNegative() || restartWindow.isZero()) {
			throw new IllegalArgumentException("restartWindow must be positive, was " + restartWindow);
		}
		if (restartMinConnections < MIN_RESTART_CONNECTIONS) {
			throw new IllegalArgumentException("restartMinConnections must be at least " + MIN_RESTART_CONNECTIONS
					+ ", was " + restartMinConnections);
		}
	}

	/**
	 * Validate the thresholds, with the {@link #DEFAULT_STALE_IDLE default stale idle time}.
	 * @param middleboxSilence silence after which a reset is attributed to a firewall or proxy
	 * @param restartWindow window within which resets on several connections mean a restart
	 * @param restartMinConnections minimum number of distinct connections reset within the window
	 */
	public CauseSettings(Duration middleboxSilence, Duration restartWindow, int restartMinConnections) {
		this(middleboxSilence, restartWindow, restartMinConnections, DEFAULT_STALE_IDLE);
	}

	/**
	 * Return the default thresholds.
	 * @return the defaults
	 */
	public static CauseSettings ofDefaults() {
		return new CauseSettings(DEFAULT_MIDDLEBOX_SILENCE, DEFAULT_RESTART_WINDOW, DEFAULT_RESTART_MIN_CONNECTIONS);
	}

}
