package dev.resetguard.forensics;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of cause inference. Immutable.
 *
 * @param middleboxSilence silence after which a reset is attributed to a firewall or proxy
 * @param restartWindow window within which resets on several connections to one peer mean a restart
 * @param restartMinConnections minimum number of distinct connections reset within the window
 */
public record CauseSettings(Duration middleboxSilence, Duration restartWindow, int restartMinConnections) {

	/** Default silence after which a reset is attributed to a middlebox. */
	public static final Duration DEFAULT_MIDDLEBOX_SILENCE = Duration.ofSeconds(30);

	/** Default peer-restart window. */
	public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofSeconds(2);

	/** Default minimum number of connections reset within the window to call it a restart. */
	public static final int DEFAULT_RESTART_MIN_CONNECTIONS = 3;

	/**
	 * Validate the thresholds.
	 * @param middleboxSilence silence after which a reset is attributed to a firewall or proxy
	 * @param restartWindow window within which resets on several connections mean a restart
	 * @param restartMinConnections minimum number of distinct connections reset within the window
	 */
	public CauseSettings {
		Objects.requireNonNull(middleboxSilence, "middleboxSilence");
		Objects.requireNonNull(restartWindow, "restartWindow");
		if (middleboxSilence.isNegative() || middleboxSilence.isZero()) {
			throw new IllegalArgumentException("middleboxSilence must be positive, was " + middleboxSilence);
		}
		if (restartWindow.isNegative() || restartWindow.isZero()) {
			throw new IllegalArgumentException("restartWindow must be positive, was " + restartWindow);
		}
		if (restartMinConnections < 2) {
			throw new IllegalArgumentException("restartMinConnections must be at least 2, was " + restartMinConnections);
		}
	}

	/**
	 * Return the default thresholds.
	 * @return the defaults
	 */
	public static CauseSettings ofDefaults() {
		return new CauseSettings(DEFAULT_MIDDLEBOX_SILENCE, DEFAULT_RESTART_WINDOW, DEFAULT_RESTART_MIN_CONNECTIONS);
	}

}
