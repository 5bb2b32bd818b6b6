package dev.resetguard.forensics;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Builds the {@code host:port} key that names a peer in tags, events and per-peer settings. Never
 * resolves names and never carries a scheme, path, query or credentials.
 */
public final class PeerKey {

	private PeerKey() {
	}

	/**
	 * Return the key for a host and port; IPv6 literals are bracketed.
	 * @param host the host name or address literal
	 * @param port the port
	 * @return the {@code host:port} key
	 */
	public static String of(String host, int port) {
		String normalized = host.toLowerCase(Locale.ROOT);
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

	private static int defaultPort(String scheme) {
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
