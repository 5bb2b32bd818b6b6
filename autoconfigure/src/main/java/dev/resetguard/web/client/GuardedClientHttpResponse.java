package dev.resetguard.web.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.forensics.RetryDecision;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The response of a decorated call, handed to the caller: while the caller reads the body, the
 * attempt's scope is active again so that a reset the sockets see is tagged and counted once; the
 * call reports its outcome when the response is closed, or when a reset cuts the body short.
 */
final class GuardedClientHttpResponse implements ClientHttpResponse {

	private final ClientHttpResponse delegate;

	private final CallRetry call;

	private final Attempt scope;

	private final ResetRecorder recorder;

	// The delegate's body, once asked for, and the guarded stream handed out in its place.
	private @Nullable InputStream delegateBody;

	private @Nullable InputStream body;

	// What the last read returned when it returned an object: see guarded.
	private @Nullable Object value;

	GuardedClientHttpResponse(ClientHttpResponse delegate, CallRetry call, Attempt scope,
			ResetRecorder recorder) {
		this.delegate = delegate;
		this.call = call;
		this.scope = scope;
		this.recorder = recorder;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		guarded(Read.STATUS_CODE, null, 0, 0, null);
		return (HttpStatusCode) takeValue();
	}

	@Override
	public String getStatusText() throws IOException {
		guarded(Read.STATUS_TEXT, null, 0, 0, null);
		return (String) takeValue();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		if (this.body == null) {
			guarded(Read.BODY, null, 0, 0, null);
			this.delegateBody = (InputStream) takeValue();
			this.body = new GuardedBody();
		}
		return this.body;
	}

	@Override
	public void close() {
		Attempt.Activation activation = this.scope.activate();
		try {
			this.delegate.close();
		}
		finally {
			activation.close();
			// A reset met while the close drained the body, which the client swallows: nothing retries it. A
			// reset a read reported was decided already, and a reset takes one decision.
			ResetEvent reset = this.scope.reset();
			if (reset != null) {
				this.recorder.decided(reset, RetryDecision.NOT_RETRYABLE, 0);
			}
			this.call.finish();
		}
	}

	/**
	 * Run one read of the response or its body with the attempt's scope active; if it fails, the call ends,
	 * with a reset or with a failure of another kind. The read and its arguments are passed rather than
	 * captured, as a capturing lambda would cost every read an object; a read whose result is an object
	 * leaves it for {@link #takeValue()}, so that counts are returned without boxing.
	 */
	private long guarded(Read read, byte @Nullable [] bytes, int offset, long length, @Nullable OutputStream out)
			throws IOException {
		Attempt.Activation activation = this.scope.activate();
		try {
			return switch (read) {
				case STATUS_CODE -> keep(this.delegate.getStatusCode());
				case STATUS_TEXT -> keep(this.delegate.getStatusText());
				case BODY -> keep(this.delegate.getBody());
				case BYTE -> delegateBody().read();
				case BYTES -> delegateBody().read(bytes, offset, (int) length);
				case ALL_BYTES -> keep(delegateBody().readAllBytes());
				case N_BYTES -> keep(delegateBody().readNBytes((int) length));
				case N_BYTES_INTO -> delegateBody().readNBytes(bytes, offset, (int) length);
				case TRANSFER -> delegateBody().transferTo(out);
				case SKIP -> delegateBody().skip(length);
				case RESET -> {
					delegateBody().reset();
					yield 0;
				}
				case CLOSE -> {
					delegateBody().close();
					yield 0;
				}
			};
		}
		catch (IOException | RuntimeException ex) {
			this.call.failedAfterResponse(this.scope.resolve(this.recorder, ResetPhase.RECEIVING_RESPONSE, ex));
			throw ex;
		}
		finally {
			activation.close();
		}
	}

	private long keep(Object value) {
		this.value = value;
		return 0;
	}

	private Object takeValue() {
		Object value = Objects.requireNonNull(this.value, "value kept by the read");
		this.value = null;
		return value;
	}

	// Set by getBody() before it hands out the body whose reads need it.
	private InputStream delegateBody() {
		return Objects.requireNonNull(this.delegateBody, "body read before getBody()");
	}

	/**
	 * The reads {@link #guarded} runs.
	 */
	private enum Read {

		STATUS_CODE, STATUS_TEXT, BODY, BYTE, BYTES, ALL_BYTES, N_BYTES, N_BYTES_INTO, TRANSFER, SKIP, RESET, CLOSE

	}

	/**
	 * The response body: reads run inside the attempt's scope and report a reset.
	 */
	private final class GuardedBody extends InputStream {

		@Override
		public int read() throws IOException {
			return (int) guarded(Read.BYTE, null, 0, 0, null);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return (int) guarded(Read.BYTES, b, off, len, null);
		}

		// InputStream's own readAllBytes, readNBytes and transferTo read through a fresh buffer each time,
		// which would hide the delegate's cheaper ones: the converters use them for every body.
		@Override
		public byte[] readAllBytes() throws IOException {
			guarded(Read.ALL_BYTES, null, 0, 0, null);
			return (byte[]) takeValue();
		}

		@Override
		public byte[] readNBytes(int len) throws IOException {
			guarded(Read.N_BYTES, null, 0, len, null);
			return (byte[]) takeValue();
		}

		@Override
		public int readNBytes(byte[] b, int off, int len) throws IOException {
			return (int) guarded(Read.N_BYTES_INTO, b, off, len, null);
		}

		@Override
		public long transferTo(OutputStream out) throws IOException {
			return guarded(Read.TRANSFER, null, 0, 0, out);
		}

		@Override
		public long skip(long n) throws IOException {
			return guarded(Read.SKIP, null, 0, n, null);
		}

		// Spring peeks at a body that supports mark and reset in place, and wraps any other in a pushback
		// stream, which reads through a buffer of its own: a body takes the path its delegate would.
		@Override
		public boolean markSupported() {
			return delegateBody().markSupported();
		}

		@Override
		public void mark(int readlimit) {
			delegateBody().mark(readlimit);
		}

		@Override
		public void reset() throws IOException {
			guarded(Read.RESET, null, 0, 0, null);
		}

		@Override
		public int available() throws IOException {
			return delegateBody().available();
		}

		@Override
		public void close() throws IOException {
			guarded(Read.CLOSE, null, 0, 0, null);
		}

	}

}
