package dev.resetguard.forensics;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code host:port} key that names a peer in tags, events and per-peer settings. Never
 * resolves names and never carries a scheme, path, query or credentials.
 */
public final class PeerKey {

	private PeerKey() {
	}

	/**
	 * Return the key for a host and port; IPv6 literals are bracketed, control characters escaped (an
	 * unresolved socket address takes any name).
	 * @param host the host name or address literal
	 * @param port the port
	 * @return the {@code host:port} key
	 */
	public static String of(String host, int port) {
		String normalized = SanitizedMessage.escapeControlCharacters(host.toLowerCase(Locale.ROOT));
		boolean ipv6Literal = normalized.indexOf(':') >= 0 && !normalized.startsWith("[");
		return ipv6Literal ? "[" + normalized + "]:" + port : normalized + ":" + port;
	}

	/**
	 * Return the key for the authority of a URI, with the scheme's default port (80 for {@code http} and
	 * {@code ws}, 443 for {@code https} and {@code wss}) when the URI names none.
	 * @param uri an absolute URI with a host
	 * @return the {@code host:port} key
	 * @throws IllegalArgumentException if the URI has no host, or no port and an unknown scheme
	 */
	public static String of(URI uri) {
		String host = uri.getHost();
		if (host == null) {
			throw new IllegalArgumentException("URI has no host: " + SanitizedMessage.of(uri.toString()));
		}
		int port = (uri.getPort() >= 0) ? uri.getPort() : defaultPort(uri.getScheme());
		if (port < 0) {
			throw new IllegalArgumentException("URI has no port and scheme '" + uri.getScheme() + "' has no default");
		}
		return of(host, port);
	}

	/**
	 * Return the key for a socket address, using the name it was created with (no reverse lookup).
	 * @param address the address
	 * @return the {@code host:port} key
	 */
	public static String of(InetSocketAddress address) {
		return of(address.getHostString(), address.getPort());
	}

	/**
	 * Check that a peer given by an application is a {@code host:port} key: a host name or address literal
	 * (IPv6 bracketed) and a port, with no scheme, path, credentials, white space or control characters.
	 * @param peer the peer
	 * @return the peer
	 * @throws IllegalArgumentException if it is not, with the peer sanitized in the message
	 */
	public static String requireValid(String peer) {
		if (!isHostAndPort(peer)) {
			throw new IllegalArgumentException(
					"peer must be host:port, without scheme, path, credentials or control characters: '"
							+ SanitizedMessage.of(peer) + "'");
		}
		return peer;
	}

	// By hand rather than with a pattern: the programmatic API checks every call's peer, and a matcher would
	// cost each call an allocation.
	private static boolean isHostAndPort(String peer) {
		int colon = peer.lastIndexOf(':');
		if (colon <= 0 || colon == peer.length() - 1 || peer.length() - colon - 1 > 5) {
			return false;
		}
		int port = 0;
		for (int i = colon + 1; i < peer.length(); i++) {
			char c = peer.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
			port = port * 10 + (c - '0');
		}
		boolean bracketed = peer.charAt(0) == '[';
		if (bracketed != (peer.charAt(colon - 1) == ']')) {
			return false;
		}
		int from = bracketed ? 1 : 0;
		int to = bracketed ? colon - 1 : colon;
		if (from >= to) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = peer.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '-' || c == '_' || (bracketed && (c == ':' || c == '%'));
			if (!allowed) {
				return false;
			}
		}
		return port <= 65535;
	}

	private static int defaultPort(@Nullable String scheme) {
		if (scheme == null) {
			return -1;
		}
		return switch (scheme.toLowerCase(Locale.ROOT)) {
			case "http", "ws" -> 80;
			case "https", "wss" -> 443;
			default -> -1;
		};
	}

}
