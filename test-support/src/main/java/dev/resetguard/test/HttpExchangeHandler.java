package dev.resetguard.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Serves HTTP/1.1 exchanges on one connection, keep-alive included, and applies the toxic each request
 * draws (from its {@code X-Chaos-Toxic} header, else from the server's schedule).
 */
final class HttpExchangeHandler {

	private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int CHUNK_SIZE = 8192;

	private final ChaosConnection connection;

	private final ToxicSchedule schedule;

	private final ChaosLedger ledger;

	private final CountDownLatch stopping;

	HttpExchangeHandler(ChaosConnection connection, ToxicSchedule schedule, ChaosLedger ledger,
			CountDownLatch stopping) {
		this.connection = connection;
		this.schedule = schedule;
		this.ledger = ledger;
		this.stopping = stopping;
	}

	/**
	 * Serve requests until the client or the server ends the connection.
	 */
	void serve() throws IOException, InterruptedException {
		InputStream input = new BufferedInputStream(this.connection.input(), 8192);
		OutputStream output = new BufferedOutputStream(this.connection.output(), 8192);
		// One request per turn; the loop ends when the connection does, or when the server stops.
		while (this.stopping.getCount() > 0) {
			if (!this.connection.idle()) {
				return;
			}
			int first = input.read();
			if (first < 0 || !this.connection.busy()) {
				return;
			}
			if (!exchange(first, input, output)) {
				return;
			}
		}
	}

	private boolean exchange(int first, InputStream input, OutputStream output)
			throws IOException, InterruptedException {
		RequestHead head;
		try {
			head = RequestHead.read(first, input);
		}
		catch (MalformedRequestException ex) {
			return rejectAndClose(ex.getMessage(), null, input, output);
		}
		String method = head.method();
		String path = head.path();
		this.connection.exchange(method, path);
		ChaosLedger.RequestEntry entry = this.ledger.recordRequest(this.connection.id(), method, path,
				head.requestId());
		Toxic toxic;
		RequestBody body;
		try {
			toxic = requestToxic(head);
			body = RequestBody.of(head, input);
		}
		catch (MalformedRequestException ex) {
			return rejectAndClose(ex.getMessage(), entry, input, output);
		}
		ToxicKind kind = (toxic != null) ? toxic.kind() : null;
		if (kind == ToxicKind.RESET_AFTER_REQUEST_HEAD) {
			this.connection.reset(kind, 0, 0);
			return false;
		}
		if (head.expectsContinue() && body.isPresent()) {
			output.write(CONTINUE);
			output.flush();
		}
		try {
			if (kind == ToxicKind.RESET_DURING_UPLOAD) {
				body.discard(toxic.bytes());
				entry.bodyBytesRead(body.bytesRead());
				this.connection.reset(kind, body.bytesRead(), 0);
				return false;
			}
			body.discardAll();
		}
		catch (MalformedRequestException ex) {
			entry.bodyBytesRead(body.bytesRead());
			return rejectAndClose(ex.getMessage(), entry, input, output);
		}
		entry.bodyBytesRead(body.bytesRead());
		if (kind == ToxicKind.SILENCE_THEN_RESET) {
			await(toxic.silence());
			this.connection.reset(kind, body.bytesRead(), 0);
			return false;
		}
		long delay = ResponseContent.delayMillis(path);
		if (delay >= 0) {
			await(Duration.ofMillis(Math.min(delay, ChaosServer.MAX_DURATION.toMillis())));
		}
		ResponseContent content = ResponseContent.forPath(path);
		boolean chunked = "true".equalsIgnoreCase(head.header(ChaosServer.CHUNKED_HEADER)) && content.allowsBody();
		if (kind == ToxicKind.RESET_AFTER_RESPONSE_BYTES) {
			respondTruncated(head, content, chunked, toxic.bytes(), body.bytesRead(), output);
			return false;
		}
		boolean keepAlive = head.isKeepAlive() && this.stopping.getCount() > 0 && !this.connection.isClosing();
		respond(head, content, chunked, keepAlive, entry, output);
		if (!keepAlive) {
			this.connection.close();
			return false;
		}
		return true;
	}

	private @Nullable Toxic requestToxic(RequestHead head) throws MalformedRequestException {
		String spec = head.header(ChaosServer.TOXIC_HEADER);
		if (spec == null) {
			return this.schedule.takeForRequest();
		}
		Toxic toxic;
		try {
			toxic = Toxic.parse(spec);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedRequestException(ex.getMessage());
		}
		if (toxic.isConnectionLevel()) {
			throw new MalformedRequestException(ChaosServer.TOXIC_HEADER + ": " + toxic + " cannot apply to a request that "
					+ "was already accepted; use ChaosServer.next or always");
		}
		return toxic;
	}

	private void respond(RequestHead head, ResponseContent content, boolean chunked, boolean keepAlive,
			ChaosLedger.RequestEntry entry, OutputStream output) throws IOException {
		writeHead(output, content, chunked, content.length(), keepAlive, head.isHttp10());
		if (!head.isHead() && content.allowsBody()) {
			if (chunked) {
				writeChunks(output, content, content.length());
				output.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			else {
				content.write(output, 0, content.length());
			}
		}
		// Marked before the final flush so that a client holding the whole response never sees it unanswered.
		entry.answered(true);
		try {
			output.flush();
		}
		catch (IOException ex) {
			entry.answered(false);
			throw ex;
		}
	}

	private void respondTruncated(RequestHead head, ResponseContent content, boolean chunked, long bodyBytes,
			long bodyBytesRead, OutputStream output) throws IOException, InterruptedException {
		long declared = (content.length() > bodyBytes) ? content.length()
				: ((bodyBytes > 0) ? bodyBytes * 10 : 1000);
		writeHead(output, content, chunked, declared, true, head.isHttp10());
		long written = 0;
		if (!head.isHead() && content.allowsBody()) {
			ResponseContent source = (bodyBytes <= content.length()) ? content : ResponseContent.generated(bodyBytes);
			if (chunked) {
				writeChunks(output, source, bodyBytes);
			}
			else {
				source.write(output, 0, bodyBytes);
			}
			written = bodyBytes;
		}
		output.flush();
		settle();
		this.connection.reset(ToxicKind.RESET_AFTER_RESPONSE_BYTES, bodyBytesRead, written);
	}

	private void writeHead(OutputStream output, ResponseContent content, boolean chunked, long length,
			boolean keepAlive, boolean http10) throws IOException {
		StringBuilder head = new StringBuilder(128);
		head.append("HTTP/1.1 ").append(content.status()).append(' ').append(content.reason()).append("\r\n");
		head.append("Content-Type: text/plain\r\n");
		if (chunked) {
			head.append("Transfer-Encoding: chunked\r\n");
		}
		else if (content.allowsBody()) {
			head.append("Content-Length: ").append(length).append("\r\n");
		}
		if (!keepAlive) {
			head.append("Connection: close\r\n");
		}
		else if (http10) {
			head.append("Connection: keep-alive\r\n");
		}
		head.append("\r\n");
		output.write(head.toString().getBytes(StandardCharsets.US_ASCII));
	}

	private void writeChunks(OutputStream output, ResponseContent content, long count) throws IOException {
		for (long position = 0; position < count; position += CHUNK_SIZE) {
			long size = Math.min(CHUNK_SIZE, count - position);
			output.write((Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			content.write(output, position, size);
			output.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private boolean rejectAndClose(@Nullable String message, ChaosLedger.@Nullable RequestEntry entry,
			InputStream input, OutputStream output) {
		ResponseContent content = ResponseContent.badRequest(message);
		try {
			writeHead(output, content, false, content.length(), false, false);
			content.write(output, 0, content.length());
			if (entry != null) {
				entry.answered(true);
			}
			output.flush();
		}
		catch (IOException ex) {
			if (entry != null) {
				entry.answered(false);
			}
			this.connection.close();
			return false;
		}
		this.connection.closeLingering(input);
		return false;
	}

	/**
	 * Give the client time to take in the bytes just sent before they are followed by a reset: an RST
	 * that arrives with them can overtake them inside the client (the JDK client then sees no response
	 * at all and silently retries a GET), which is not the fault this toxic stands for.
	 */
	private void settle() throws InterruptedException {
		await(ChaosConnection.SETTLE_BEFORE_RESET);
	}

	private void await(Duration duration) throws InterruptedException {
		this.stopping.await(duration.toNanos(), TimeUnit.NANOSECONDS);
	}

}
