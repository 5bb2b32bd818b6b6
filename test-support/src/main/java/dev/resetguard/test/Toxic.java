package dev.resetguard.test;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An immutable description of a fault a {@link ChaosServer} injects into a connection or request. Its
 * {@link #toString()} is the spec that {@link #parse(String)} reads, the form used in the
 * {@code X-Chaos-Toxic} request header.
 */
public final class Toxic {

	private static final String RESET_ON_ACCEPT = "reset-on-accept";

	private static final String RESET_AFTER_HEAD = "reset-after-head";

	private static final String RESET_AFTER_RESPONSE_BYTES = "reset-after-response-bytes";

	private static final String RESET_DURING_UPLOAD = "reset-during-upload";

	private static final String SILENCE_THEN_RESET = "silence-then-reset";

	private final ToxicKind kind;

	private final long bytes;

	private final Duration silence;

	private Toxic(ToxicKind kind, long bytes, Duration silence) {
		this.kind = kind;
		this.bytes = bytes;
		this.silence = silence;
	}

	/**
	 * Reset each affected connection right after accept, before reading anything (on TLS, before the
	 * handshake). Counts connections, not requests.
	 * @return the toxic
	 */
	public static Toxic resetOnAccept() {
		return new Toxic(ToxicKind.RESET_ON_ACCEPT, 0, Duration.ZERO);
	}

	/**
	 * Read the request head (request line and headers), then reset without sending a response byte.
	 * @return the toxic
	 */
	public static Toxic resetAfterRequestHead() {
		return new Toxic(ToxicKind.RESET_AFTER_REQUEST_HEAD, 0, Duration.ZERO);
	}

	/**
	 * Send the status line and headers declaring a body longer than {@code n}, then exactly {@code n}
	 * body bytes, then reset.
	 * @param n the number of body bytes to send before the reset
	 * @return the toxic
	 */
	public static Toxic resetAfterResponseBytes(int n) {
		requireNonNegative(n, "n");
		return new Toxic(ToxicKind.RESET_AFTER_RESPONSE_BYTES, n, Duration.ZERO);
	}

	/**
	 * Read the request head and {@code afterBodyBytes} of the request body (fewer if the body is
	 * shorter), then reset.
	 * @param afterBodyBytes the number of body bytes to read before the reset
	 * @return the toxic
	 */
	public static Toxic resetDuringUpload(long afterBodyBytes) {
		requireNonNegative(afterBodyBytes, "afterBodyBytes");
		return new Toxic(ToxicKind.RESET_DURING_UPLOAD, afterBodyBytes, Duration.ZERO);
	}

	/**
	 * Read the whole request, send nothing for {@code silence}, then reset, as a middlebox that kills
	 * quiet connections does.
	 * @param silence how long to stay silent before the reset, at most one day
	 * @return the toxic
	 */
	public static Toxic silenceThenReset(Duration silence) {
		Objects.requireNonNull(silence, "silence must not be null");
		if (silence.isNegative() || silence.compareTo(ChaosServer.MAX_DURATION) > 0) {
			throw new IllegalArgumentException("silence must be between 0 and " + ChaosServer.MAX_DURATION + ": " + silence);
		}
		return new Toxic(ToxicKind.SILENCE_THEN_RESET, 0, silence);
	}

	/**
	 * Read a toxic from its spec: {@code reset-on-accept}, {@code reset-after-head},
	 * {@code reset-after-response-bytes:<n>}, {@code reset-during-upload:<n>} or
	 * {@code silence-then-reset:<n>s|<n>ms}.
	 * @param spec the spec, as produced by {@link #toString()}
	 * @return the toxic
	 * @throws IllegalArgumentException if the spec is not one of these forms
	 */
	public static Toxic parse(String spec) {
		Objects.requireNonNull(spec, "spec must not be null");
		String trimmed = spec.trim().toLowerCase(Locale.ROOT);
		int colon = trimmed.indexOf(':');
		String name = (colon < 0) ? trimmed : trimmed.substring(0, colon).trim();
		String argument = (colon < 0) ? null : trimmed.substring(colon + 1).trim();
		switch (name) {
			case RESET_ON_ACCEPT:
				requireNoArgument(spec, argument);
				return resetOnAccept();
			case RESET_AFTER_HEAD:
				requireNoArgument(spec, argument);
				return resetAfterRequestHead();
			case RESET_AFTER_RESPONSE_BYTES:
				long n = parseCount(spec, argument);
				if (n > Integer.MAX_VALUE) {
					throw invalid(spec, "the byte count is too large");
				}
				return resetAfterResponseBytes((int) n);
			case RESET_DURING_UPLOAD:
				return resetDuringUpload(parseCount(spec, argument));
			case SILENCE_THEN_RESET:
				Duration silence = parseDuration(spec, argument);
				if (silence.compareTo(ChaosServer.MAX_DURATION) > 0) {
					throw invalid(spec, "the silence must be at most " + ChaosServer.MAX_DURATION);
				}
				return silenceThenReset(silence);
			default:
				throw invalid(spec, "unknown toxic '" + name + "'");
		}
	}

	/**
	 * Return what this toxic does.
	 * @return the kind
	 */
	public ToxicKind kind() {
		return this.kind;
	}

	/**
	 * Return the byte count of {@link ToxicKind#RESET_AFTER_RESPONSE_BYTES} and
	 * {@link ToxicKind#RESET_DURING_UPLOAD}, 0 for the other kinds.
	 * @return the byte count
	 */
	public long bytes() {
		return this.bytes;
	}

	/**
	 * Return the silence of {@link ToxicKind#SILENCE_THEN_RESET}, {@link Duration#ZERO} for the other kinds.
	 * @return the silence
	 */
	public Duration silence() {
		return this.silence;
	}

	/**
	 * Whether this toxic acts on a connection as it is accepted rather than on a request.
	 * @return {@code true} for {@link ToxicKind#RESET_ON_ACCEPT}
	 */
	public boolean isConnectionLevel() {
		return this.kind == ToxicKind.RESET_ON_ACCEPT;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof Toxic)) {
			return false;
		}
		Toxic that = (Toxic) other;
		return this.kind == that.kind && this.bytes == that.bytes && this.silence.equals(that.silence);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.bytes, this.silence);
	}

	@Override
	public String toString() {
		switch (this.kind) {
			case RESET_ON_ACCEPT:
				return RESET_ON_ACCEPT;
			case RESET_AFTER_REQUEST_HEAD:
				return RESET_AFTER_HEAD;
			case RESET_AFTER_RESPONSE_BYTES:
				return RESET_AFTER_RESPONSE_BYTES + ":" + this.bytes;
			case RESET_DURING_UPLOAD:
				return RESET_DURING_UPLOAD + ":" + this.bytes;
			case SILENCE_THEN_RESET:
				return SILENCE_THEN_RESET + ":" + formatDuration(this.silence);
			default:
				throw new IllegalStateException("Not a toxic kind: " + this.kind);
		}
	}

	private static String formatDuration(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static void requireNonNegative(long value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative: " + value);
		}
	}

	private static void requireNoArgument(String spec, @Nullable String argument) {
		if (argument != null) {
			throw invalid(spec, "this toxic takes no argument");
		}
	}

	private static long parseCount(String spec, @Nullable String argument) {
		if (argument == null || argument.isEmpty()) {
			throw invalid(spec, "a byte count is required, e.g. ':100'");
		}
		try {
			long count = Long.parseLong(argument);
			if (count < 0) {
				throw invalid(spec, "the byte count must not be negative");
			}
			return count;
		}
		catch (NumberFormatException ex) {
			throw invalid(spec, "'" + argument + "' is not a byte count");
		}
	}

	private static Duration parseDuration(String spec, @Nullable String argument) {
		if (argument == null || argument.isEmpty()) {
			throw invalid(spec, "a duration is required, e.g. ':2s' or ':500ms'");
		}
		try {
			if (argument.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(argument.substring(0, argument.length() - 2)));
			}
			if (argument.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(argument.substring(0, argument.length() - 1)));
			}
		}
		catch (NumberFormatException ex) {
			// Fall through to the common message below.
		}
		throw invalid(spec, "'" + argument + "' is not a duration such as '2s' or '500ms'");
	}

	private static IllegalArgumentException invalid(String spec, String reason) {
		return new IllegalArgumentException("Invalid toxic spec '" + spec + "': " + reason + " (expected one of "
				+ "reset-on-accept, reset-after-head, reset-after-response-bytes:<n>, reset-during-upload:<n>, "
				+ "silence-then-reset:<n>s|<n>ms)");
	}

}
