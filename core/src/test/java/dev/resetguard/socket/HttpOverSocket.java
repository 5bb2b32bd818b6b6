package dev.resetguard.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Speaks just enough HTTP/1.1 over a socket for the socket-factory tests: a request out, a response
 * with a Content-Length body in, keep-alive.
 */
final class HttpOverSocket {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	HttpOverSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
	}

	void get(String path) throws IOException {
		this.out.write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	void post(String path, byte[] body) throws IOException {
		this.out.write(("POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\n"
				+ "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.write(body);
		this.out.flush();
	}

	/**
	 * Read one response.
	 * @return the body, or {@code null} if the stream ended before the status line
	 */
	String readResponse() throws IOException {
		String head = readHead();
		if (head == null) {
			return null;
		}
		int length = 0;
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		byte[] body = this.in.readNBytes(length);
		return new String(body, StandardCharsets.US_ASCII);
	}

	/**
	 * Read until the stream ends or fails.
	 * @return number of bytes read before the end
	 */
	long drain() throws IOException {
		byte[] buffer = new byte[8192];
		long total = 0;
		for (int n = this.in.read(buffer); n >= 0; n = this.in.read(buffer)) {
			total += n;
		}
		return total;
	}

	Socket socket() {
		return this.socket;
	}

	private String readHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = this.in.read();
			if (b < 0) {
				return (head.size() == 0) ? null : head.toString(StandardCharsets.US_ASCII);
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

}
