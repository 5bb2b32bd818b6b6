package dev.resetguard.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The request line and headers of one HTTP/1.x request, read with bounded size.
 */
final class RequestHead {

	static final int MAX_HEAD_BYTES = 64 * 1024;

	private static final int MAX_HEADERS = 200;

	private static final int MAX_LEADING_EMPTY_LINES = 8;

	private final String method;

	private final String target;

	private final String version;

	private final Map<String, String> headers;

	private RequestHead(String method, String target, String version, Map<String, String> headers) {
		this.method = method;
		this.target = target;
		this.version = version;
		this.headers = headers;
	}

	/**
	 * Read a request head whose first byte was already consumed.
	 * @throws MalformedRequestException if it is not a valid HTTP/1.0 or HTTP/1.1 head
	 * @throws java.io.EOFException if the stream ends inside the head
	 */
	static RequestHead read(int firstByte, InputStream input) throws IOException, MalformedRequestException {
		LineReader lines = new LineReader(firstByte, input);
		String requestLine = lines.next();
		for (int skipped = 0; requestLine.isEmpty(); skipped++) {
			if (skipped == MAX_LEADING_EMPTY_LINES) {
				throw new MalformedRequestException("Missing request line");
			}
			requestLine = lines.next();
		}
		String[] parts = requestLine.split(" ", -1);
		if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
			throw new MalformedRequestException("Malformed request line");
		}
		if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
			throw new MalformedRequestException("Unsupported HTTP version");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = lines.next(); !line.isEmpty(); line = lines.next()) {
			if (headers.size() == MAX_HEADERS) {
				throw new MalformedRequestException("Too many headers");
			}
			int colon = line.indexOf(':');
			if (colon <= 0 || !isToken(line.substring(0, colon))) {
				throw new MalformedRequestException("Malformed header line");
			}
			String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			headers.merge(name, value, (first, second) -> first + ", " + second);
		}
		return new RequestHead(parts[0], parts[1], parts[2], headers);
	}

	String method() {
		return this.method;
	}

	/**
	 * Return the path of the request target (origin or absolute form), without query string or fragment.
	 */
	String path() {
		int start = 0;
		if (this.target.startsWith("http://") || this.target.startsWith("https://")) {
			int slash = this.target.indexOf('/', this.target.indexOf("//") + 2);
			if (slash < 0) {
				return "/";
			}
			start = slash;
		}
		int end = this.target.length();
		int query = this.target.indexOf('?');
		if (query >= 0) {
			end = query;
		}
		int fragment = this.target.indexOf('#');
		if (fragment >= 0 && fragment < end) {
			end = fragment;
		}
		return (start < end) ? this.target.substring(start, end) : "/";
	}

	boolean isHttp10() {
		return this.version.equals("HTTP/1.0");
	}

	/**
	 * Return the value of a header (repeated headers joined with a comma), {@code null} if it is absent.
	 */
	@Nullable String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	boolean hasConnectionToken(String token) {
		String connection = header("Connection");
		if (connection == null) {
			return false;
		}
		for (String element : connection.split(",")) {
			if (element.trim().equalsIgnoreCase(token)) {
				return true;
			}
		}
		return false;
	}

	boolean isKeepAlive() {
		return isHttp10() ? hasConnectionToken("keep-alive") : !hasConnectionToken("close");
	}

	boolean expectsContinue() {
		String expect = header("Expect");
		return !isHttp10() && expect != null && expect.equalsIgnoreCase("100-continue");
	}

	boolean isHead() {
		return this.method.equals("HEAD");
	}

	/**
	 * Return the id a client gave this request for de-duplication, {@code null} if it gave none.
	 */
	@Nullable String requestId() {
		String id = header("X-Request-Id");
		return (id != null) ? id : header("Idempotency-Key");
	}

	private static boolean isToken(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Splits the head into lines ended by CRLF (or a bare LF), bounded by {@link #MAX_HEAD_BYTES}.
	 */
	private static final class LineReader {

		private final InputStream input;

		private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

		private int pending;

		private int consumed;

		LineReader(int firstByte, InputStream input) {
			this.input = input;
			this.pending = firstByte;
		}

		String next() throws IOException, MalformedRequestException {
			this.line.reset();
			while (true) {
				int value = nextByte();
				if (value == '\n') {
					byte[] bytes = this.line.toByteArray();
					int length = bytes.length;
					if (length > 0 && bytes[length - 1] == '\r') {
						length--;
					}
					return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
				}
				if (value == 0) {
					throw new MalformedRequestException("NUL in request head");
				}
				this.line.write(value);
			}
		}

		private int nextByte() throws IOException, MalformedRequestException {
			if (++this.consumed > MAX_HEAD_BYTES) {
				throw new MalformedRequestException("Request head too large");
			}
			int value;
			if (this.pending >= 0) {
				value = this.pending;
				this.pending = -1;
			}
			else {
				value = this.input.read();
			}
			if (value < 0) {
				throw new EOFException("End of stream inside the request head");
			}
			return value;
		}

	}

}
