package dev.resetguard.retry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The retry settings of each peer: one set for every peer, and for some peers that set with a few
 * values replaced, as the {@code reset-guard.retry.*} properties and their
 * {@code reset-guard.peers.[host:port].retry.*} overrides describe them. Every value a peer does not
 * override is inherited. Resolved once, so a lookup per call costs a map read.
 */
public final class PeerRetrySettings implements Function<String, RetrySettings> {

	private final RetrySettings defaults;

	private final Map<String, RetrySettings> overridden;

	private PeerRetrySettings(RetrySettings defaults, Map<String, RetrySettings> overridden) {
		this.defaults = defaults;
		this.overridden = Map.copyOf(overridden);
	}

	/**
	 * Return the settings under which every peer gets the same settings.
	 * @param defaults the settings of every peer
	 * @return the per-peer settings
	 */
	public static PeerRetrySettings of(RetrySettings defaults) {
		return new PeerRetrySettings(defaults, Map.of());
	}

	/**
	 * Return a builder of per-peer settings that start from the given ones.
	 * @param defaults the settings of every peer that is given no overrides
	 * @return a new builder
	 */
	public static Builder builder(RetrySettings defaults) {
		return new Builder(defaults);
	}

	/**
	 * Return the retry settings of a peer.
	 * @param peer the peer as {@code host:port}; the host is matched ignoring case
	 * @return its settings: its own if it has overrides, the defaults otherwise
	 */
	@Override
	public RetrySettings apply(String peer) {
		// Asked on every call: without overrides, no peer name is scanned for upper case.
		if (this.overridden.isEmpty()) {
			return this.defaults;
		}
		RetrySettings settings = this.overridden.get(normalized(peer));
		return (settings != null) ? settings : this.defaults;
	}

	/**
	 * Return the settings of every peer that is given no overrides.
	 * @return the default settings
	 */
	public RetrySettings defaults() {
		return this.defaults;
	}

	// Host names are case-insensitive; PeerKey writes them in lower case, configuration may not.
	private static String normalized(String peer) {
		return peer.toLowerCase(Locale.ROOT);
	}

	/**
	 * Builds {@link PeerRetrySettings}: each peer's settings are the defaults with its overrides applied.
	 */
	public static final class Builder {

		private final RetrySettings defaults;

		private final Map<String, RetrySettings> overridden = new LinkedHashMap<>();

		private Builder(RetrySettings defaults) {
			this.defaults = defaults;
		}

		/**
		 * Give a peer its own settings: the defaults, with what the overrides set on a builder that holds
		 * them replaced.
		 * @param peer the peer as {@code host:port}; the host is matched ignoring case
		 * @param overrides sets the values that differ for this peer, and only those
		 * @return this builder
		 * @throws IllegalArgumentException if an override is out of range, or leaves the peer an initial
		 * backoff above its maximum backoff
		 */
		public Builder peer(String peer, Consumer<RetrySettings.Builder> overrides) {
			RetrySettings.Builder builder = this.defaults.toBuilder();
			overrides.accept(builder);
			this.overridden.put(normalized(peer), builder.build());
			return this;
		}

		/**
		 * Build the per-peer settings.
		 * @return the per-peer settings
		 */
		public PeerRetrySettings build() {
			return new PeerRetrySettings(this.defaults, this.overridden);
		}

	}

}
