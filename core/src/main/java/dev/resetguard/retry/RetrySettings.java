package dev.resetguard.retry;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How Reset Guard retries a call that was reset: attempts, backoff, which requests may be repeated
 * and the retry budget of each peer. Immutable; built with {@link #builder()} or derived from another
 * instance with {@link #toBuilder()}. Its defaults and limits are those of the {@code reset-guard.retry.*}
 * properties, which are validated against the constants here.
 *
 * @param maxAttempts the total number of attempts, the first included; 1 disables retry
 * @param initialBackoff the delay before the first retry, before jitter
 * @param multiplier the factor by which the delay grows from one retry to the next
 * @param maxBackoff the longest delay between two attempts
 * @param jitter the fraction of each delay that is randomised, from 0 (none) to 1 (all of it)
 * @param nonIdempotent whether requests that are not idempotent may be retried
 * @param idempotencyHeader the name of the header whose presence makes a non-idempotent request safe to
 * repeat
 * @param budgetRatio the fraction of a peer's calls that retries may add on top
 * @param budgetMinPerSecond the number of retries per second always allowed to a peer, whatever its budget
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
		double jitter, NonIdempotentRetry nonIdempotent, String idempotencyHeader, double budgetRatio,
		int budgetMinPerSecond) {

	/** Default total number of attempts, the first included. */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** Default delay before the first retry, before jitter. */
	public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

	/** Default factor by which the delay grows from one retry to the next. */
	public static final double DEFAULT_MULTIPLIER = 2.0;

	/** Default longest delay between two attempts. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

	/** Default fraction of each delay that is randomised. */
	public static final double DEFAULT_JITTER = 0.5;

	/** Default rule for requests that are not idempotent. */
	public static final NonIdempotentRetry DEFAULT_NON_IDEMPOTENT = NonIdempotentRetry.SAFE_ONLY;

	/** Default name of the header that makes a non-idempotent request safe to repeat. */
	public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

	/** Default fraction of a peer's calls that retries may add on top. */
	public static final double DEFAULT_BUDGET_RATIO = 0.2;

	/** Default number of retries per second always allowed to each peer, whatever its budget. */
	public static final int DEFAULT_BUDGET_MIN_PER_SECOND = 10;

	/** Largest number of attempts a call may be given. */
	public static final int MAX_ATTEMPTS_LIMIT = 100;

	/**
	 * Longest initial or maximum backoff: retries run on the calling thread, and an hour is far beyond any
	 * sensible wait and keeps nanos from overflowing.
	 */
	public static final Duration BACKOFF_LIMIT = Duration.ofHours(1);

	/** Largest backoff multiplier. */
	public static final double MULTIPLIER_LIMIT = 100.0;

	/**
	 * Largest budget ratio. The budget exists so that retries cannot pile onto a peer that is already failing;
	 * 1 already lets them double its load, and above it they could more than double it.
	 */
	public static final double BUDGET_RATIO_LIMIT = 1.0;

	/** Largest number of retries per second a peer's budget always allows. */
	public static final int BUDGET_MIN_PER_SECOND_LIMIT = 1_000_000;

	/** What an idempotency header name may be made of: an HTTP token (RFC 9110, section 5.6.2). */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private static final RetrySettings DEFAULTS = new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
			DEFAULT_MULTIPLIER, DEFAULT_MAX_BACKOFF, DEFAULT_JITTER, DEFAULT_NON_IDEMPOTENT, DEFAULT_IDEMPOTENCY_HEADER,
			DEFAULT_BUDGET_RATIO, DEFAULT_BUDGET_MIN_PER_SECOND);

	/**
	 * Validate the settings, each value as its {@link Builder} setter does.
	 * @param maxAttempts between 1 and {@link #MAX_ATTEMPTS_LIMIT}
	 * @param initialBackoff positive, at most {@link #BACKOFF_LIMIT} and at most {@code maxBackoff}
	 * @param multiplier between 1.0 and {@link #MULTIPLIER_LIMIT}
	 * @param maxBackoff positive, at most {@link #BACKOFF_LIMIT}
	 * @param jitter between 0.0 and 1.0
	 * @param nonIdempotent one of {@link NonIdempotentRetry}
	 * @param idempotencyHeader a header name, as {@link #isHeaderName(String)} accepts it
	 * @param budgetRatio between 0.0 and {@link #BUDGET_RATIO_LIMIT}
	 * @param budgetMinPerSecond between 0 and {@link #BUDGET_MIN_PER_SECOND_LIMIT}
	 * @throws IllegalArgumentException naming the first value out of range, the value and the range
	 */
	public RetrySettings {
		checkMaxAttempts(maxAttempts);
		checkBackoff("initialBackoff", initialBackoff);
		checkMultiplier(multiplier);
		checkBackoff("maxBackoff", maxBackoff);
		checkJitter(jitter);
		checkNonIdempotent(nonIdempotent);
		checkIdempotencyHeader(idempotencyHeader);
		checkBudgetRatio(budgetRatio);
		checkBudgetMinPerSecond(budgetMinPerSecond);
		if (initialBackoff.compareTo(maxBackoff) > 0) {
			throw new IllegalArgumentException(
					"initialBackoff must be at most maxBackoff (" + maxBackoff + "), but was " + initialBackoff);
		}
	}

	/**
	 * Return the settings with every value at its default.
	 * @return the default settings
	 */
	public static RetrySettings ofDefaults() {
		return DEFAULTS;
	}

	/**
	 * Return a builder that starts from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder(DEFAULTS);
	}

	/**
	 * Return a builder that starts from these settings, to derive per-peer or per-call variants.
	 * @return a new builder holding these settings
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Return whether a name may be the idempotency header: a non-blank HTTP token, so that a request can
	 * carry it.
	 * @param name the name
	 * @return whether the name is made only of letters, digits and {@code !#$%&'*+-.^_`|~}
	 */
	public static boolean isHeaderName(String name) {
		return name != null && HEADER_NAME.matcher(name).matches();
	}

	private static int checkMaxAttempts(int maxAttempts) {
		if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
			throw outOfRange("maxAttempts", maxAttempts, "between 1 and " + MAX_ATTEMPTS_LIMIT);
		}
		return maxAttempts;
	}

	private static Duration checkBackoff(String field, Duration value) {
		if (value == null || value.isNegative() || value.isZero() || value.compareTo(BACKOFF_LIMIT) > 0) {
			throw outOfRange(field, value, "positive and at most " + BACKOFF_LIMIT);
		}
		return value;
	}

	private static double checkMultiplier(double multiplier) {
		if (!(multiplier >= 1.0 && multiplier <= MULTIPLIER_LIMIT)) {
			throw outOfRange("multiplier", multiplier, "between 1.0 and " + MULTIPLIER_LIMIT);
		}
		return multiplier;
	}

	private static double checkJitter(double jitter) {
		if (!(jitter >= 0.0 && jitter <= 1.0)) {
			throw outOfRange("jitter", jitter, "between 0.0 and 1.0");
		}
		return jitter;
	}

	private static NonIdempotentRetry checkNonIdempotent(NonIdempotentRetry nonIdempotent) {
		if (nonIdempotent == null) {
			throw outOfRange("nonIdempotent", null, "one of never, safe-only, always");
		}
		return nonIdempotent;
	}

	private static String checkIdempotencyHeader(String idempotencyHeader) {
		if (!isHeaderName(idempotencyHeader)) {
			throw outOfRange("idempotencyHeader", idempotencyHeader,
					"a non-blank header name, made of letters, digits and !#$%&'*+-.^_`|~");
		}
		return idempotencyHeader;
	}

	private static double checkBudgetRatio(double budgetRatio) {
		if (!(budgetRatio >= 0.0 && budgetRatio <= BUDGET_RATIO_LIMIT)) {
			throw outOfRange("budgetRatio", budgetRatio, "between 0.0 and " + BUDGET_RATIO_LIMIT);
		}
		return budgetRatio;
	}

	private static int checkBudgetMinPerSecond(int budgetMinPerSecond) {
		if (budgetMinPerSecond < 0 || budgetMinPerSecond > BUDGET_MIN_PER_SECOND_LIMIT) {
			throw outOfRange("budgetMinPerSecond", budgetMinPerSecond, "between 0 and " + BUDGET_MIN_PER_SECOND_LIMIT);
		}
		return budgetMinPerSecond;
	}

	private static IllegalArgumentException outOfRange(String field, @Nullable Object value, String allowed) {
		return new IllegalArgumentException(field + " must be " + allowed + ", but was " + value);
	}

	/**
	 * Builds {@link RetrySettings}. Every setter rejects a value outside its allowed range with an
	 * {@link IllegalArgumentException} that names the field, the value and the range.
	 */
	public static final class Builder {

		private int maxAttempts;

		private Duration initialBackoff;

		private double multiplier;

		private Duration maxBackoff;

		private double jitter;

		private NonIdempotentRetry nonIdempotent;

		private String idempotencyHeader;

		private double budgetRatio;

		private int budgetMinPerSecond;

		private Builder(RetrySettings settings) {
			this.maxAttempts = settings.maxAttempts;
			this.initialBackoff = settings.initialBackoff;
			this.multiplier = settings.multiplier;
			this.maxBackoff = settings.maxBackoff;
			this.jitter = settings.jitter;
			this.nonIdempotent = settings.nonIdempotent;
			this.idempotencyHeader = settings.idempotencyHeader;
			this.budgetRatio = settings.budgetRatio;
			this.budgetMinPerSecond = settings.budgetMinPerSecond;
		}

		/**
		 * Set the total number of attempts, the first included; 1 disables retry.
		 * @param maxAttempts between 1 and {@link RetrySettings#MAX_ATTEMPTS_LIMIT}
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = checkMaxAttempts(maxAttempts);
			return this;
		}

		/**
		 * Set the delay before the first retry, before jitter. It must not exceed the maximum backoff,
		 * which is checked by {@link #build()}.
		 * @param initialBackoff positive, at most {@link RetrySettings#BACKOFF_LIMIT}
		 * @return this builder
		 */
		public Builder initialBackoff(Duration initialBackoff) {
			this.initialBackoff = checkBackoff("initialBackoff", initialBackoff);
			return this;
		}

		/**
		 * Set the factor by which the delay grows from one retry to the next.
		 * @param multiplier between 1.0 and {@link RetrySettings#MULTIPLIER_LIMIT}
		 * @return this builder
		 */
		public Builder multiplier(double multiplier) {
			this.multiplier = checkMultiplier(multiplier);
			return this;
		}

		/**
		 * Set the longest delay between two attempts.
		 * @param maxBackoff positive, at most {@link RetrySettings#BACKOFF_LIMIT}
		 * @return this builder
		 */
		public Builder maxBackoff(Duration maxBackoff) {
			this.maxBackoff = checkBackoff("maxBackoff", maxBackoff);
			return this;
		}

		/**
		 * Set the fraction of each delay that is randomised: 0 waits exactly the computed delay, 1 waits
		 * anything from nothing up to it.
		 * @param jitter between 0.0 and 1.0
		 * @return this builder
		 */
		public Builder jitter(double jitter) {
			this.jitter = checkJitter(jitter);
			return this;
		}

		/**
		 * Set whether requests that are not idempotent may be retried.
		 * @param nonIdempotent one of {@link NonIdempotentRetry}, not {@code null}
		 * @return this builder
		 */
		public Builder nonIdempotent(NonIdempotentRetry nonIdempotent) {
			this.nonIdempotent = checkNonIdempotent(nonIdempotent);
			return this;
		}

		/**
		 * Set the name of the header whose presence makes a non-idempotent request safe to repeat.
		 * @param idempotencyHeader a header name, as {@link RetrySettings#isHeaderName(String)} accepts it
		 * @return this builder
		 */
		public Builder idempotencyHeader(String idempotencyHeader) {
			this.idempotencyHeader = checkIdempotencyHeader(idempotencyHeader);
			return this;
		}

		/**
		 * Set the fraction of a peer's calls that retries may add on top.
		 * @param budgetRatio between 0.0 and {@link RetrySettings#BUDGET_RATIO_LIMIT}
		 * @return this builder
		 */
		public Builder budgetRatio(double budgetRatio) {
			this.budgetRatio = checkBudgetRatio(budgetRatio);
			return this;
		}

		/**
		 * Set the number of retries per second always allowed to a peer, whatever its budget.
		 * @param budgetMinPerSecond between 0 and {@link RetrySettings#BUDGET_MIN_PER_SECOND_LIMIT}
		 * @return this builder
		 */
		public Builder budgetMinPerSecond(int budgetMinPerSecond) {
			this.budgetMinPerSecond = checkBudgetMinPerSecond(budgetMinPerSecond);
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException if the initial backoff exceeds the maximum backoff
		 */
		public RetrySettings build() {
			return new RetrySettings(this.maxAttempts, this.initialBackoff, this.multiplier, this.maxBackoff,
					this.jitter, this.nonIdempotent, this.idempotencyHeader, this.budgetRatio, this.budgetMinPerSecond);
		}

	}

}
