package dev.resetguard.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import javax.net.SocketFactory;

import dev.resetguard.test.ChaosServer;

/**
 * HTTP/1.1 over a plain socket from a given factory, so that tests can drive Reset Guard's decorated
 * socket factory (and its connection forensics) against the chaos server.
 */
final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private RawHttp(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Open a keep-alive connection to the server.
	 */
	static RawHttp open(SocketFactory factory, ChaosServer server) throws IOException {
		return new RawHttp(factory.createSocket(server.host(), server.port()));
	}

	/**
	 * Send one GET on a fresh connection and return the body.
	 */
	static String get(SocketFactory factory, ChaosServer server) throws IOException {
		try (RawHttp http = open(factory, server)) {
			return http.get("/");
		}
	}

	/**
	 * Send one GET on this connection and return the body of the response.
	 */
	String get(String path) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: chaos\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = this.socket.getInputStream();
		String head = readHead(in);
		int length = contentLength(head);
		byte[] body = in.readNBytes(length);
		if (body.length < length) {
			throw new SocketException("Connection closed after " + body.length + " of " + length + " body bytes");
		}
		return new String(body, StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int next = in.read();
			if (next < 0) {
				throw new SocketException("Connection closed before the response head ended");
			}
			head.write(next);
			matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				return Integer.parseInt(line.substring(15).trim());
			}
		}
		return 0;
	}

}
