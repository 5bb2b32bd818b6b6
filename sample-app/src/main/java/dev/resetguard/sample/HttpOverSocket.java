package dev.resetguard.sample;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for the raw-socket client: one request out, one response with a
 * {@code Content-Length} body in.
 */
final class HttpOverSocket {

	private static final String CONTENT_LENGTH = "content-length:";

	private HttpOverSocket() {
	}

	/**
	 * Send a request and read its response.
	 * @param socket the connected socket
	 * @param method the method
	 * @param path the path
	 * @param headers extra request headers
	 * @param body the request body, empty for none
	 * @return the response body
	 * @throws IOException if the exchange fails, {@link EOFException} when the peer closed the connection
	 * before the whole response arrived
	 */
	static byte[] exchange(Socket socket, String method, String path, Map<String, String> headers, byte[] body)
			throws IOException {
		StringBuilder head = new StringBuilder(128);
		head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
			.append(socket.getInetAddress().getHostAddress()).append(':').append(socket.getPort())
			.append("\r\nContent-Length: ").append(body.length).append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		OutputStream out = socket.getOutputStream();
		out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		return readResponse(socket.getInputStream());
	}

	private static byte[] readResponse(InputStream in) throws IOException {
		int length = 0;
		for (String line : readHead(in).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(CONTENT_LENGTH)) {
				length = Integer.parseInt(line.substring(CONTENT_LENGTH.length()).trim());
			}
		}
		byte[] content = in.readNBytes(length);
		if (content.length < length) {
			throw new EOFException("Connection closed after " + content.length + " of " + length + " body bytes");
		}
		return content;
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("Connection closed before the response head ended");
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

}
