package dev.resetguard.socket;

import java.time.Duration;
import java.util.Objects;

/**
 * What Reset Guard's socket factories apply to every socket they make. Immutable.
 *
 * @param keepAlive whether to enable TCP keep-alive probes (SO_KEEPALIVE)
 * @param keepAliveIdle idle time before the first keep-alive probe, where the OS supports setting it,
 * between {@link #MIN_KEEP_ALIVE_TIME} and {@link #MAX_KEEP_ALIVE_TIME}
 * @param keepAliveInterval time between keep-alive probes, where the OS supports setting it, between
 * {@link #MIN_KEEP_ALIVE_TIME} and {@link #MAX_KEEP_ALIVE_TIME}
 * @param connectTimeout connect timeout applied when the caller gives none, positive
 * @param readTimeout read timeout (SO_TIMEOUT), positive: zero would let a silent peer hold a call forever
 */
public record SocketSettings(boolean keepAlive, Duration keepAliveIdle, Duration keepAliveInterval,
		Duration connectTimeout, Duration readTimeout) {

	/** Default for SO_KEEPALIVE. */
	public static final boolean DEFAULT_KEEP_ALIVE = true;

	/**
	 * Default idle time before the first keep-alive probe. Below the common 350 s NAT and 4 min
	 * cloud load balancer idle timeouts, so probes keep such middleboxes from dropping the connection.
	 */
	public static final Duration DEFAULT_KEEP_ALIVE_IDLE = Duration.ofSeconds(60);

	/** Default time between keep-alive probes. */
	public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(10);

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default read timeout. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	/** Shortest keep-alive idle time or interval: the operating system counts them in whole seconds. */
	public static final Duration MIN_KEEP_ALIVE_TIME = Duration.ofSeconds(1);

	/** Longest keep-alive idle time or interval: Linux caps TCP_KEEPIDLE and TCP_KEEPINTVL at 32767 s. */
	public static final Duration MAX_KEEP_ALIVE_TIME = Duration.ofSeconds(32767);

	/**
	 * Validate the settings.
	 * @param keepAlive whether to enable TCP keep-alive probes
	 * @param keepAliveIdle idle time before the first keep-alive probe
	 * @param keepAliveInterval time between keep-alive probes
	 * @param connectTimeout connect timeout
	 * @param readTimeout read timeout
	 */
	public SocketSettings {
		requireKeepAliveTime(keepAliveIdle, "keepAliveIdle");
		requireKeepAliveTime(keepAliveInterval, "keepAliveInterval");
		requirePositive(connectTimeout, "connectTimeout");
		requirePositive(readTimeout, "readTimeout");
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static SocketSettings ofDefaults() {
		return new SocketSettings(DEFAULT_KEEP_ALIVE, DEFAULT_KEEP_ALIVE_IDLE, DEFAULT_KEEP_ALIVE_INTERVAL,
				DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
	}

	/**
	 * Return whether a duration may be a keep-alive idle time or interval.
	 * @param duration the duration
	 * @return whether it lies between {@link #MIN_KEEP_ALIVE_TIME} and {@link #MAX_KEEP_ALIVE_TIME}, inclusive
	 */
	public static boolean isKeepAliveTime(Duration duration) {
		return duration.compareTo(MIN_KEEP_ALIVE_TIME) >= 0 && duration.compareTo(MAX_KEEP_ALIVE_TIME) <= 0;
	}

	private static void requireKeepAliveTime(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (!isKeepAliveTime(duration)) {
			throw new IllegalArgumentException(name + " must be between " + MIN_KEEP_ALIVE_TIME + " and "
					+ MAX_KEEP_ALIVE_TIME + ", was " + duration);
		}
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
	}

}
