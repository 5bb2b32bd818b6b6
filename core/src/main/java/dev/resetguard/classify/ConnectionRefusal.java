package dev.resetguard.classify;

import java.net.ConnectException;

import org.jspecify.annotations.Nullable;

/**
 * Recognises a refused connection (ECONNREFUSED) anywhere in a cause chain. Refusals are not resets,
 * but while a peer is restarting they are part of the same incident.
 */
public final class ConnectionRefusal {

	private static final int MAX_DEPTH = 32;

	private ConnectionRefusal() {
	}

	/**
	 * Return whether the throwable, or one of its causes, is a refused connection.
	 * @param throwable the throwable
	 * @return {@code true} for a refused connection
	 */
	public static boolean isRefused(@Nullable Throwable throwable) {
		Throwable candidate = throwable;
		for (int depth = 0; candidate != null && depth < MAX_DEPTH; depth++) {
			if (candidate instanceof ConnectException) {
				String message = candidate.getMessage();
				// JDK sockets say "Connection refused"; Netty's native transport adds the errno, -111.
				if (message != null && (message.contains("Connection refused") || message.contains("error(-111)"))) {
					return true;
				}
			}
			Throwable cause = candidate.getCause();
			candidate = (cause != candidate) ? cause : null;
		}
		return false;
	}

}
