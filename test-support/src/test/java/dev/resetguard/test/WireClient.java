package dev.resetguard.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately plain HTTP/1.1 client over one socket, so tests see exactly what crosses the wire.
 */
final class WireClient implements AutoCloseable {

	private final Socket socket;

	private final InputStream input;

	private final OutputStream output;

	WireClient(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(10_000);
		this.input = new BufferedInputStream(socket.getInputStream());
		this.output = socket.getOutputStream();
	}

	static WireClient connect(ChaosServer server) throws IOException {
		return new WireClient(new Socket(server.address().getAddress(), server.port()));
	}

	Socket socket() {
		return this.socket;
	}

	InputStream input() {
		return this.input;
	}

	OutputStream output() {
		return this.output;
	}

	WireClient send(String text) throws IOException {
		return send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	WireClient send(byte[] bytes) throws IOException {
		this.output.write(bytes);
		this.output.flush();
		return this;
	}

	WireClient get(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return send(request.append("\r\n").toString());
	}

	/**
	 * Read the status line and headers, and a body framed by Content-Length or chunked encoding.
	 */
	Response readResponse() throws IOException {
		return readResponse(false);
	}

	Response readResponse(boolean headOnly) throws IOException {
		String statusLine = readLine();
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		if (headOnly || status == 100 || status == 204 || status == 304) {
			return new Response(status, headers, new byte[0]);
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(readLine(), 16); size > 0; size = Integer.parseInt(readLine(), 16)) {
				body.write(readBytes(size));
				readLine();
			}
			readLine();
			return new Response(status, headers, body.toByteArray());
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		return new Response(status, headers, readBytes(length));
	}

	String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int value = this.input.read(); value != '\n'; value = this.input.read()) {
			if (value < 0) {
				throw new EOFException("End of stream after " + line.size() + " bytes of a line");
			}
			if (value != '\r') {
				line.write(value);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	byte[] readBytes(int count) throws IOException {
		byte[] bytes = this.input.readNBytes(count);
		if (bytes.length < count) {
			throw new EOFException("Expected " + count + " bytes, got " + bytes.length);
		}
		return bytes;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	record Response(int status, Map<String, String> headers, byte[] body) {

		String bodyText() {
			return new String(this.body, StandardCharsets.ISO_8859_1);
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
