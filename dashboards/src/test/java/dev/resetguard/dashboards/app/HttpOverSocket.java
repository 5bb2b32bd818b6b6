package dev.resetguard.dashboards.app;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 for the test application's traffic: one request out, one response with a
 * {@code Content-Length} body in, the connection kept open.
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
	 * @param body the request body, empty for none
	 * @return the response body
	 * @throws IOException if the exchange fails, {@link EOFException} when the peer closed the connection
	 * before the whole response arrived
	 */
	static String exchange(Socket socket, String method, String path, byte[] body) throws IOException {
		OutputStream out = socket.getOutputStream();
		String head = method + " " + path + " HTTP/1.1\r\nHost: " + socket.getInetAddress().getHostAddress()
				+ "\r\nContent-Length: " + body.length + "\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		return readResponse(socket.getInputStream());
	}

	private static String readResponse(InputStream in) throws IOException {
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
		return new String(content, StandardCharsets.US_ASCII);
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
