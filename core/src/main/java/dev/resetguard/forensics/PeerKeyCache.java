package dev.resetguard.forensics;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link PeerKey} of each URI authority a client decoration has seen, so that a call to a known peer
 * builds no key. Bounded: past its capacity, keys are built for every call again. Thread-safe.
 */
public final class PeerKeyCache {

	/** The capacity client decorations use: far more peers than an application calls. */
	public static final int DEFAULT_CAPACITY = 1024;

	private final int capacity;

	// A URI without a port takes its scheme's, so its authority alone does not name the peer.
	private final Map<String, String> withPort = new ConcurrentHashMap<>();

	private final Map<String, String> http = new ConcurrentHashMap<>();

	private final Map<String, String> https = new ConcurrentHashMap<>();

	/**
	 * Create a cache.
	 * @param capacity the most authorities kept for each kind of URI (with a port, http, https)
	 */
	public PeerKeyCache(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Return the key of a URI's peer, as {@link PeerKey#of(URI)} does.
	 * @param uri an absolute URI with a host
	 * @return the {@code host:port} key
	 * @throws IllegalArgumentException as {@link PeerKey#of(URI)} does
	 */
	public String of(URI uri) {
		String authority = uri.getRawAuthority();
		Map<String, String> keys = keysFor(uri);
		// User info never becomes a map key: it may hold a password.
		if (authority == null || keys == null || uri.getRawUserInfo() != null) {
			return PeerKey.of(uri);
		}
		String key = keys.get(authority);
		if (key == null) {
			key = PeerKey.of(uri);
			if (keys.size() < this.capacity) {
				keys.putIfAbsent(authority, key);
			}
		}
		return key;
	}

	private Map<String, String> keysFor(URI uri) {
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
