package dev.resetguard.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.observe.HealthThresholds;
import dev.resetguard.observe.RecentResets;
import dev.resetguard.retry.NonIdempotentRetry;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.socket.SocketSettings;
import org.jspecify.annotations.Nullable;

import dev.resetguard.autoconfigure.ResetGuardProperties.Health;
import dev.resetguard.autoconfigure.ResetGuardProperties.Peer;
import dev.resetguard.autoconfigure.ResetGuardProperties.Retry;
import dev.resetguard.autoconfigure.ResetGuardProperties.RetryOverrides;

import org.springframework.lang.Contract;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks bound {@link ResetGuardProperties} against the limits of the core types that will hold them
 * ({@link RetrySettings}, {@link CauseSettings}, {@link SocketSettings}, {@link HealthThresholds},
 * {@link RecentResets}), so that an invalid value fails startup naming its property rather than a core
 * field. A broken rule is rejected on the property's name relative to {@code reset-guard}, written as in
 * configuration ({@code retry.max-attempts}, {@code peers.[host:443].retry.jitter}), with three arguments
 * that {@link ResetGuardPropertiesFailureAnalyzer} reads: what is allowed, as a noun phrase; the offending
 * value as it would be written in configuration; and an optional note on why, or {@code null}.
 */
final class ResetGuardPropertiesValidator {

	/**
	 * The validator Spring Boot applies when it binds {@link ResetGuardProperties}.
	 */
	static final Validator INSTANCE = Validator.forInstanceOf(ResetGuardProperties.class,
			(properties, errors) -> new ResetGuardPropertiesValidator(properties, errors).validate());

	/**
	 * Error code of a value outside what is allowed.
	 */
	static final String INVALID_VALUE = "reset-guard.invalid-value";

	/**
	 * Error code of a {@code reset-guard.peers} key that is not {@code host:port}.
	 */
	static final String INVALID_PEER_KEY = "reset-guard.invalid-peer-key";

	/**
	 * What a {@code reset-guard.peers} key must look like.
	 */
	static final String PEER_KEY = "host:port, with a host name or IPv4 address, or an IPv6 address in brackets "
			+ "such as [::1]:8080, and a port between 1 and 65535";

	private static final String RATIO = "a number between 0 and 1, inclusive";

	private static final String HEALTH_RATIO = "a number greater than 0 and at most "
			+ number(HealthThresholds.RATIO_LIMIT);

	private static final String NO_INFINITE_TIMEOUT = "0 would mean no timeout, which is not allowed: a silent peer "
			+ "would then hold a call forever";

	private static final Pattern HOST_NAME = Pattern.compile("[0-9A-Za-z._-]+");

	private static final Pattern IPV6_ADDRESS = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

	private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

	private final ResetGuardProperties properties;

	private final Errors errors;

	ResetGuardPropertiesValidator(ResetGuardProperties properties, Errors errors) {
		this.properties = properties;
		this.errors = errors;
	}

	void validate() {
		validateRetry();
		validatePeers();
		positive("restart.max-wait", this.properties.getRestart().getMaxWait(), "a positive duration, such as 5s",
				null);
		validateCause();
		positive("prevention.min-idle", this.properties.getPrevention().getMinIdle(),
				"a positive duration, such as 1s", null);
		positive("socket.connect-timeout", this.properties.getSocket().getConnectTimeout(),
				"a positive duration, such as 5s", NO_INFINITE_TIMEOUT);
		positive("socket.read-timeout", this.properties.getSocket().getReadTimeout(),
				"a positive duration, such as 30s", NO_INFINITE_TIMEOUT);
		keepAliveTime("socket.keep-alive-idle", this.properties.getSocket().getKeepAliveIdle());
		keepAliveTime("socket.keep-alive-interval", this.properties.getSocket().getKeepAliveInterval());
		atLeast("metrics.max-peers", this.properties.getMetrics().getMaxPeers(), 1, null);
		validateHealth();
		int capacity = this.properties.getEvents().getCapacity();
		if (capacity < 1 || capacity > RecentResets.MAX_CAPACITY) {
			reject("events.capacity", "a whole number between 1 and " + RecentResets.MAX_CAPACITY + ", inclusive",
					"every event is kept in memory", capacity);
		}
	}

	private void validateRetry() {
		Retry retry = this.properties.getRetry();
		maxAttempts("retry.max-attempts", retry.getMaxAttempts());
		initialBackoff("retry.initial-backoff", retry.getInitialBackoff());
		multiplier("retry.multiplier", retry.getMultiplier());
		backoff("retry.max-backoff", retry.getMaxBackoff(), "2s");
		if (isShorter(retry.getMaxBackoff(), retry.getInitialBackoff())) {
			reject("retry.max-backoff", "a duration of at least " + fullName("retry.initial-backoff") + " ("
					+ format(retry.getInitialBackoff()) + ")", null, retry.getMaxBackoff());
		}
		ratio("retry.jitter", retry.getJitter());
		if (retry.getNonIdempotent() == null) {
			reject("retry.non-idempotent", allowedValues(NonIdempotentRetry.class), null, null);
		}
		idempotencyHeader("retry.idempotency-header", retry.getIdempotencyHeader());
		budgetRatio("retry.budget.ratio", retry.getBudget().getRatio());
		budgetMinPerSecond("retry.budget.min-per-second", retry.getBudget().getMinPerSecond());
	}

	private void validatePeers() {
		for (Map.Entry<String, Peer> entry : this.properties.getPeers().entrySet()) {
			String key = entry.getKey();
			String name = "peers.[" + key + "]";
			if (!isHostAndPort(key)) {
				this.errors.rejectValue(name, INVALID_PEER_KEY, new Object[] { PEER_KEY, key, null },
						"must be " + PEER_KEY);
			}
			validatePeerRetry(name + ".retry.", entry.getValue().getRetry());
		}
	}

	private void validatePeerRetry(String prefix, RetryOverrides overrides) {
		if (overrides.getMaxAttempts() != null) {
			maxAttempts(prefix + "max-attempts", overrides.getMaxAttempts());
		}
		if (overrides.getInitialBackoff() != null) {
			initialBackoff(prefix + "initial-backoff", overrides.getInitialBackoff());
		}
		if (overrides.getMultiplier() != null) {
			multiplier(prefix + "multiplier", overrides.getMultiplier());
		}
		if (overrides.getMaxBackoff() != null) {
			backoff(prefix + "max-backoff", overrides.getMaxBackoff(), "2s");
		}
		validatePeerBackoffOrder(prefix, overrides);
		if (overrides.getJitter() != null) {
			ratio(prefix + "jitter", overrides.getJitter());
		}
		if (overrides.getIdempotencyHeader() != null) {
			idempotencyHeader(prefix + "idempotency-header", overrides.getIdempotencyHeader());
		}
		if (overrides.getBudget().getRatio() != null) {
			budgetRatio(prefix + "budget.ratio", overrides.getBudget().getRatio());
		}
		if (overrides.getBudget().getMinPerSecond() != null) {
			budgetMinPerSecond(prefix + "budget.min-per-second", overrides.getBudget().getMinPerSecond());
		}
	}

	/**
	 * A peer that overrides only one of the two backoffs can still end up with a maximum below its
	 * initial backoff once the other is inherited. The error goes on the value the peer sets, since
	 * that is the one its owner can see and change.
	 */
	private void validatePeerBackoffOrder(String prefix, RetryOverrides overrides) {
		Retry global = this.properties.getRetry();
		Duration initialBackoff = (overrides.getInitialBackoff() != null) ? overrides.getInitialBackoff()
				: global.getInitialBackoff();
		Duration maxBackoff = (overrides.getMaxBackoff() != null) ? overrides.getMaxBackoff()
				: global.getMaxBackoff();
		if (!isShorter(maxBackoff, initialBackoff)) {
			return;
		}
		if (overrides.getMaxBackoff() != null) {
			String initialBackoffName = (overrides.getInitialBackoff() != null) ? prefix + "initial-backoff"
					: "retry.initial-backoff";
			reject(prefix + "max-backoff", "a duration of at least " + fullName(initialBackoffName) + " ("
					+ format(initialBackoff) + ")", null, maxBackoff);
		}
		else if (overrides.getInitialBackoff() != null) {
			reject(prefix + "initial-backoff", "a duration of at most " + fullName("retry.max-backoff") + " ("
					+ format(maxBackoff) + ")", "or set " + fullName(prefix + "max-backoff") + " as well",
					initialBackoff);
		}
	}

	private void validateCause() {
		positive("cause.middlebox-silence", this.properties.getCause().getMiddleboxSilence(),
				"a positive duration, such as 30s", null);
		positive("cause.restart-window", this.properties.getCause().getRestartWindow(),
				"a positive duration, such as 2s", null);
		atLeast("cause.restart-min-connections", this.properties.getCause().getRestartMinConnections(),
				CauseSettings.MIN_RESTART_CONNECTIONS, "a reset on a single connection is no sign of a restart");
	}

	private void validateHealth() {
		Health health = this.properties.getHealth();
		positive("health.window", health.getWindow(), "a positive duration, such as 1m", null);
		atLeast("health.min-calls", health.getMinCalls(), 1, null);
		if (!isHealthRatio(health.getDegradedRatio())) {
			reject("health.degraded-ratio", HEALTH_RATIO, null, health.getDegradedRatio());
		}
		else if (isHealthRatio(health.getDownRatio()) && health.getDegradedRatio() >= health.getDownRatio()) {
			reject("health.degraded-ratio", "a number greater than 0 and lower than "
					+ fullName("health.down-ratio") + " (" + format(health.getDownRatio()) + ")", null,
					health.getDegradedRatio());
		}
		if (!isHealthRatio(health.getDownRatio())) {
			reject("health.down-ratio", HEALTH_RATIO, null, health.getDownRatio());
		}
	}

	// The limits are those the core types enforce: rejected here, the failure names the property.
	private void maxAttempts(String name, int value) {
		between(name, value, 1, RetrySettings.MAX_ATTEMPTS_LIMIT, "1 disables retries");
	}

	private void initialBackoff(String name, @Nullable Duration value) {
		backoff(name, value, "100ms");
	}

	private void backoff(String name, @Nullable Duration value, String example) {
		if (!isPositive(value) || value.compareTo(RetrySettings.BACKOFF_LIMIT) > 0) {
			reject(name, "a positive duration of at most " + format(RetrySettings.BACKOFF_LIMIT) + ", such as "
					+ example, null, value);
		}
	}

	private void multiplier(String name, double value) {
		if (!(value >= 1 && value <= RetrySettings.MULTIPLIER_LIMIT)) {
			reject(name, "a number between 1 and " + number(RetrySettings.MULTIPLIER_LIMIT) + ", inclusive",
					"1 keeps the backoff constant", value);
		}
	}

	private void budgetMinPerSecond(String name, int value) {
		between(name, value, 0, RetrySettings.BUDGET_MIN_PER_SECOND_LIMIT, null);
	}

	private void between(String name, int value, int min, int max, @Nullable String note) {
		if (value < min || value > max) {
			reject(name, "a whole number between " + min + " and " + max + ", inclusive", note, value);
		}
	}

	private void ratio(String name, double value) {
		if (!(value >= 0 && value <= 1)) {
			reject(name, RATIO, null, value);
		}
	}

	private void budgetRatio(String name, double value) {
		if (!(value >= 0 && value <= RetrySettings.BUDGET_RATIO_LIMIT)) {
			String limit = number(RetrySettings.BUDGET_RATIO_LIMIT);
			reject(name, "a number between 0 and " + limit + ", inclusive",
					"above " + limit + ", retries could more than double the load on a failing peer", value);
		}
	}

	private void idempotencyHeader(String name, @Nullable String value) {
		if (value == null || !RetrySettings.isHeaderName(value)) {
			reject(name, "a non-blank HTTP header name, made of letters, digits and !#$%&'*+-.^_`|~", null, value);
		}
	}

	private void atLeast(String name, int value, int min, @Nullable String note) {
		if (value < min) {
			reject(name, "a whole number of at least " + min, note, value);
		}
	}

	private void keepAliveTime(String name, @Nullable Duration value) {
		if (value == null || !SocketSettings.isKeepAliveTime(value)) {
			reject(name, "a duration between " + format(SocketSettings.MIN_KEEP_ALIVE_TIME) + " and "
					+ format(SocketSettings.MAX_KEEP_ALIVE_TIME) + ", inclusive",
					"the operating system counts keep-alive times in whole seconds", value);
		}
	}

	private void positive(String name, @Nullable Duration value, String allowed, @Nullable String note) {
		if (!isPositive(value)) {
			reject(name, allowed, note, value);
		}
	}

	private void reject(String name, String allowed, @Nullable String note, @Nullable Object value) {
		String message = "must be " + allowed + ((note != null) ? " (" + note + ")" : "");
		this.errors.rejectValue(name, INVALID_VALUE, new Object[] { allowed, format(value), note }, message);
	}

	@Contract("null -> false")
	private static boolean isPositive(@Nullable Duration value) {
		return value != null && !value.isNegative() && !value.isZero();
	}

	private static boolean isShorter(@Nullable Duration value, @Nullable Duration other) {
		return isPositive(value) && isPositive(other) && value.compareTo(other) < 0;
	}

	private static boolean isHealthRatio(double value) {
		return value > 0 && value <= HealthThresholds.RATIO_LIMIT;
	}

	// Whole limits read as configuration would write them: 1 rather than 1.0.
	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

	private static String fullName(String name) {
		return ResetGuardProperties.PREFIX + "." + name;
	}

	/**
	 * Return whether a {@code reset-guard.peers} key is {@code host:port}.
	 * @param key the key as bound
	 * @return whether the key has a host name, IPv4 address or bracketed IPv6 address, a colon and
	 * a port between 1 and 65535
	 */
	static boolean isHostAndPort(String key) {
		int colon = key.lastIndexOf(':');
		return colon > 0 && isHost(key.substring(0, colon)) && isPort(key.substring(colon + 1));
	}

	private static boolean isHost(String host) {
		if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
			return IPV6_ADDRESS.matcher(host.substring(1, host.length() - 1)).matches();
		}
		return HOST_NAME.matcher(host).matches();
	}

	private static boolean isPort(String port) {
		return PORT.matcher(port).matches() && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
	}

	/**
	 * Describe the values of an enum as they are written in configuration.
	 * @param type the enum type
	 * @return "one of" followed by the constants in lower-case, hyphenated form
	 */
	static String allowedValues(Class<? extends Enum<?>> type) {
		return Arrays.stream(type.getEnumConstants())
			.map(ResetGuardPropertiesValidator::format)
			.collect(Collectors.joining(", ", "one of ", ""));
	}

	/**
	 * Format a value as it would be written in configuration.
	 * @param value the value, may be {@code null}
	 * @return the value as text: empty for {@code null}, durations in their shortest simple form
	 * such as {@code 100ms}, enum constants in lower-case, hyphenated form
	 */
	static String format(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Duration duration) {
			return format(duration);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return String.valueOf(value);
	}

	private static String format(Duration duration) {
		if (!isPositive(duration) || duration.getNano() % 1_000_000 != 0) {
			return duration.toString();
		}
		long millis = duration.toMillis();
		if (millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds % 86400 == 0) {
			return (seconds / 86400) + "d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
