package dev.resetguard.test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The body of one request, framed by {@code Content-Length} or {@code Transfer-Encoding: chunked}, read
 * and discarded on demand while counting its bytes.
 */
final class RequestBody {

	private static final int MAX_CHUNK_LINE = 1024;

	private static final int MAX_TRAILER_LINES = 100;

	private final InputStream input;

	private final boolean chunked;

	private final byte[] scratch = new byte[8192];

	private long remainingInChunk;

	private boolean complete;

	private long bytesRead;

	private RequestBody(InputStream input, boolean chunked, long length) {
		this.input = input;
		this.chunked = chunked;
		this.remainingInChunk = chunked ? 0 : length;
		this.complete = !chunked && length == 0;
	}

	/**
	 * Return the body the head announces.
	 * @throws MalformedRequestException if the framing headers are invalid
	 */
	static RequestBody of(RequestHead head, InputStream input) throws MalformedRequestException {
		String transferEncoding = head.header("Transfer-Encoding");
		if (transferEncoding != null) {
			String[] codings = transferEncoding.split(",");
			if (!codings[codings.length - 1].trim().toLowerCase(Locale.ROOT).equals("chunked")) {
				throw new MalformedRequestException("Unsupported transfer coding");
			}
			return new RequestBody(input, true, 0);
		}
		String contentLength = head.header("Content-Length");
		if (contentLength == null) {
			return new RequestBody(input, false, 0);
		}
		long length = -1;
		for (String value : contentLength.split(",")) {
			long parsed = parseLength(value.trim());
			if (length >= 0 && parsed != length) {
				throw new MalformedRequestException("Conflicting Content-Length values");
			}
			length = parsed;
		}
		return new RequestBody(input, false, length);
	}

	boolean isPresent() {
		return this.chunked || !this.complete;
	}

	long bytesRead() {
		return this.bytesRead;
	}

	/**
	 * Read and discard up to {@code limit} more body bytes, fewer if the body ends first.
	 */
	void discard(long limit) throws IOException, MalformedRequestException {
		long target = this.bytesRead + limit;
		while (!this.complete && this.bytesRead < target) {
			if (this.chunked && this.remainingInChunk == 0) {
				startChunk();
				continue;
			}
			int wanted = (int) Math.min(this.scratch.length, Math.min(this.remainingInChunk, target - this.bytesRead));
			int read = this.input.read(this.scratch, 0, wanted);
			if (read < 0) {
				throw new EOFException("End of stream inside the request body");
			}
			this.bytesRead += read;
			this.remainingInChunk -= read;
			if (this.remainingInChunk == 0) {
				if (this.chunked) {
					expectLineEnd();
				}
				else {
					this.complete = true;
				}
			}
		}
	}

	/**
	 * Read and discard the rest of the body.
	 */
	void discardAll() throws IOException, MalformedRequestException {
		discard(Long.MAX_VALUE - this.bytesRead);
	}

	private void startChunk() throws IOException, MalformedRequestException {
		String line = readLine();
		int extension = line.indexOf(';');
		String size = ((extension >= 0) ? line.substring(0, extension) : line).trim();
		long length;
		try {
			length = (size.isEmpty() || size.length() > 15) ? -1 : Long.parseLong(size, 16);
		}
		catch (NumberFormatException ex) {
			length = -1;
		}
		if (length < 0) {
			throw new MalformedRequestException("Malformed chunk size");
		}
		if (length == 0) {
			for (int trailers = 0; !readLine().isEmpty(); trailers++) {
				if (trailers == MAX_TRAILER_LINES) {
					throw new MalformedRequestException("Too many trailer lines");
				}
			}
			this.complete = true;
			return;
		}
		this.remainingInChunk = length;
	}

	private void expectLineEnd() throws IOException, MalformedRequestException {
		if (!readLine().isEmpty()) {
			throw new MalformedRequestException("Chunk data longer than its size");
		}
	}

	private String readLine() throws IOException, MalformedRequestException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int value = this.input.read();
			if (value < 0) {
				throw new EOFException("End of stream inside the chunked framing");
			}
			if (value == '\n') {
				int length = line.length();
				if (length > 0 && line.charAt(length - 1) == '\r') {
					line.setLength(length - 1);
				}
				return line.toString();
			}
			if (line.length() == MAX_CHUNK_LINE) {
				throw new MalformedRequestException("Chunk line too long");
			}
			line.append((char) value);
		}
	}

	private static long parseLength(String value) throws MalformedRequestException {
		if (value.isEmpty() || value.length() > 18) {
			throw new MalformedRequestException("Invalid Content-Length");
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				throw new MalformedRequestException("Invalid Content-Length");
			}
		}
		return Long.parseLong(value);
	}

}
