package dev.resetguard.forensics;

import java.net.InetSocketAddress;
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
	 * Return the key for a socket address, using the name it was created with (no reverse lookup).
	 * @param address the address
	 * @return the {@code host:port} key
	 */
	public static String of(InetSocketAddress address) {
		return of(address.getHostString(), address.getPort());
	}

}
