package dev.resetguard.forensics;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The {@link PeerKey} of each URI authority a client decoration has seen, so that a call to a known peer
 * builds no key. Bounded by {@link PeerRegistry}: a forgotten authority's key is built again. Thread-safe.
 */
public final class PeerKeyCache {

	// A URI without a port takes its scheme's, so its authority alone does not name the peer. A key is
	// built from the authority alone, under the scheme of its registry, so that finding one allocates nothing.
	private final PeerRegistry<String> withPort;

	private final PeerRegistry<String> http;

	private final PeerRegistry<String> https;

	/**
	 * Create a cache.
	 * @param capacity the most authorities kept for each kind of URI (with a port, http, https), at least 1
	 */
	public PeerKeyCache(int capacity) {
		this.withPort = new PeerRegistry<>(capacity, (authority) -> keyOf("http", authority));
		this.http = new PeerRegistry<>(capacity, (authority) -> keyOf("http", authority));
		this.https = new PeerRegistry<>(capacity, (authority) -> keyOf("https", authority));
	}

	/**
	 * Return the key of a URI's peer, as {@link PeerKey#of(URI)} does.
	 * @param uri an absolute URI with a host
	 * @return the {@code host:port} key
	 * @throws IllegalArgumentException as {@link PeerKey#of(URI)} does
	 */
	public String of(URI uri) {
		String authority = uri.getRawAuthority();
		PeerRegistry<String> keys = keysFor(uri);
		// User info never becomes a map key: it may hold a password. A URI that PeerKey rejects is
		// rejected with its own message.
		if (authority == null || keys == null || uri.getRawUserInfo() != null || uri.getHost() == null) {
			return PeerKey.of(uri);
		}
		return keys.get(authority);
	}

	int size() {
		return this.withPort.size() + this.http.size() + this.https.size();
	}

	private static String keyOf(String scheme, String authority) {
		return PeerKey.of(URI.create(scheme + "://" + authority));
	}

	private @Nullable PeerRegistry<String> keysFor(URI uri) {
		if (uri.getPort() >= 0) {
			return this.withPort;
		}
		String scheme = uri.getScheme();
		if (scheme == null) {
			return null;
		}
		return switch (scheme.toLowerCase(Locale.ROOT)) {
			case "http", "ws" -> this.http;
			case "https", "wss" -> this.https;
			default -> null;
		};
	}

}
