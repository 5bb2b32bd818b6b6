package dev.resetguard.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.resetguard.retry.RetrySettings;

/**
 * The effective retry settings of each peer: the {@code reset-guard.retry.*} properties, with the
 * {@code reset-guard.peers.[host:port].retry.*} overrides applied for the peers that have them.
 * Resolved once at startup, so a lookup per call costs a map read.
 */
public final class PeerRetrySettings implements Function<String, RetrySettings> {

	private final RetrySettings defaults;

	private final Map<String, RetrySettings> overridden;

	/**
	 * Resolve the settings of every configured peer.
	 * @param properties the bound properties
	 */
	public PeerRetrySettings(ResetGuardProperties properties) {
		this.defaults = toSettings(properties.getRetry());
		this.overridden = properties.getPeers()
			.keySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(PeerRetrySettings::normalized,
					(peer) -> toSettings(properties.determineRetry(peer))));
	}

	/**
	 * Return the retry settings of a peer.
	 * @param peer the peer as {@code host:port}, with the host in lower case as {@code PeerKey} writes it
	 * @return its settings
	 */
	@Override
	public RetrySettings apply(String peer) {
		return this.overridden.getOrDefault(peer, this.defaults);
	}

	// Host names are case-insensitive; peers are keyed in lower case everywhere else.
	private static String normalized(String peer) {
		return peer.toLowerCase(Locale.ROOT);
	}

	private static RetrySettings toSettings(ResetGuardProperties.Retry retry) {
		return RetrySettings.builder()
			.maxAttempts(retry.getMaxAttempts())
			.initialBackoff(retry.getInitialBackoff())
			.multiplier(retry.getMultiplier())
			.maxBackoff(retry.getMaxBackoff())
			.jitter(retry.getJitter())
			.nonIdempotent(retry.getNonIdempotent())
			.idempotencyHeader(retry.getIdempotencyHeader())
			.budgetRatio(retry.getBudget().getRatio())
			.budgetMinPerSecond(retry.getBudget().getMinPerSecond())
			.build();
	}

}
