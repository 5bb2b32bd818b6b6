package dev.resetguard.classify;

import org.jspecify.annotations.Nullable;

/**
 * The exception messages by which JDKs and client libraries report a reset on each operating
 * system, for exceptions whose type and errno do not tell. Matched as plain text, case-sensitive,
 * without regular expressions.
 */
final class ResetMessages {

	private static final String[] RST_FRAGMENTS = {
			// JDK read side ("Connection reset"), write and connect side ("Connection reset by peer"),
			// Netty NIO, macOS, and the JDK on Windows ("Connection reset by peer: socket write error")
			"Connection reset",
			// Windows WSAECONNRESET (10054) as worded by FormatMessage
			"forcibly closed by the remote host" };

	private static final String[] BROKEN_PIPE_FRAGMENTS = {
			// EPIPE on Linux and macOS
			"Broken pipe",
			// WSAECONNABORTED (10053) as worded by the JDK's socket code ("...: recv failed",
			// "...: socket write error"), and ECONNABORTED's strerror text
			"Software caused connection abort",
			// WSAECONNABORTED (10053) as worded by FormatMessage, used by NIO channels on Windows
			"connection was aborted by the software in your host machine",
			// HttpURLConnection: its PrintStream swallowed the write error (the reset) and left no cause;
			// seen here on a reset on accept, not in the ground truth
			"Error writing to server",
			"Error writing request body to server" };

	private static final String[] PREMATURE_CLOSE_PREFIXES = {
			// HttpURLConnection: end of stream where a status line was due
			"Unexpected end of file from server",
			// HttpURLConnection: end of stream inside a chunked body
			"Premature EOF",
			// java.net.http: end of stream before the status line, before the end of the body
			"HTTP/1.1 header parser received no bytes",
			"EOF reached while reading",
			"fixed content-length:",
			// JSSE: end of stream during the handshake or inside a record, from SSLSocket and java.net.http
			"Remote host terminated the handshake",
			"Remote host terminated the connection",
			"Remote host closed the channel",
			// Netty SslHandler: channel closed during the handshake
			"Connection closed while SSL/TLS handshake was in progress",
			// Apache HttpClient 5 ConnectionClosedException: end of stream inside a body, or peer FIN
			// seen by the async client; its bare "Connection is closed" also means a local close
			"Premature end of Content-Length delimited message body",
			"Premature end of chunk coded message body",
			"Connection closed by peer",
			// Jetty 12 client: its endpoint turns an RST into an end of stream, reported by
			// HttpReceiverOverHTTP.earlyEOF as an EOFException named after the connection
			"oejcti.HttpConnectionOverHTTP@" };

	private ResetMessages() {
	}

	/**
	 * Return the reset signal that an I/O exception message shows.
	 * @param message the message
	 * @return the signal, {@code null} if the message does not show a reset
	 */
	static @Nullable ResetSignal signalOf(String message) {
		if (containsAny(message, RST_FRAGMENTS)) {
			return ResetSignal.RST;
		}
		if (containsAny(message, BROKEN_PIPE_FRAGMENTS)) {
			return ResetSignal.BROKEN_PIPE;
		}
		if (startsWithAny(message, PREMATURE_CLOSE_PREFIXES)) {
			return ResetSignal.PREMATURE_CLOSE;
		}
		return null;
	}

	private static boolean containsAny(String message, String[] fragments) {
		for (String fragment : fragments) {
			if (message.contains(fragment)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWithAny(String message, String[] prefixes) {
		for (String prefix : prefixes) {
			if (message.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
