package dev.resetguard.web.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.resetguard.CallRetry;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.retry.RetryDecision;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The response of a decorated call, handed to the caller: while the caller reads the body, the
 * attempt's scope is active again so that a reset the sockets see is tagged and counted once; the
 * call reports its outcome when the response is closed, or when a reset cuts the body short.
 * <p>
 * Each read activates the scope by hand rather than through a shared helper taking a lambda: a capturing
 * lambda would cost every read an object.
 */
final class GuardedClientHttpResponse implements ClientHttpResponse {

	private final ClientHttpResponse delegate;

	private final CallRetry call;

	private final Attempt scope;

	private final ResetRecorder recorder;

	private InputStream body;

	GuardedClientHttpResponse(ClientHttpResponse delegate, CallRetry call, Attempt scope,
			ResetRecorder recorder) {
		this.delegate = delegate;
		this.call = call;
		this.scope = scope;
		this.recorder = recorder;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		Attempt.Activation activation = this.scope.activate();
		try {
			return this.delegate.getStatusCode();
		}
		catch (IOException | RuntimeException ex) {
			readFailed(ex);
			throw ex;
		}
		finally {
			activation.close();
		}
	}

	@Override
	public String getStatusText() throws IOException {
		Attempt.Activation activation = this.scope.activate();
		try {
			return this.delegate.getStatusText();
		}
		catch (IOException | RuntimeException ex) {
			readFailed(ex);
			throw ex;
		}
		finally {
			activation.close();
		}
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		if (this.body == null) {
			Attempt.Activation activation = this.scope.activate();
			try {
				this.body = new GuardedBody(this.delegate.getBody());
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
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
	 * A read of the response failed: the call ends, with a reset or with a failure of another kind.
	 */
	private void readFailed(Exception failure) {
		this.call.failedAfterResponse(this.scope.resolve(this.recorder, ResetPhase.RECEIVING_RESPONSE, failure));
	}

	/**
	 * The response body: reads run inside the attempt's scope and report a reset.
	 */
	private final class GuardedBody extends InputStream {

		private final InputStream delegate;

		GuardedBody(InputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.read();
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.read(b, off, len);
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		// InputStream's own readAllBytes, readNBytes and transferTo read through a fresh buffer each time,
		// which would hide the delegate's cheaper ones: the converters use them for every body.
		@Override
		public byte[] readAllBytes() throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.readAllBytes();
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public byte[] readNBytes(int len) throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.readNBytes(len);
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public int readNBytes(byte[] b, int off, int len) throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.readNBytes(b, off, len);
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public long transferTo(OutputStream out) throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.transferTo(out);
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public long skip(long n) throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				return this.delegate.skip(n);
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		// Spring peeks at a body that supports mark and reset in place, and wraps any other in a pushback
		// stream, which reads through a buffer of its own: a body takes the path its delegate would.
		@Override
		public boolean markSupported() {
			return this.delegate.markSupported();
		}

		@Override
		public void mark(int readlimit) {
			this.delegate.mark(readlimit);
		}

		@Override
		public void reset() throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				this.delegate.reset();
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			Attempt.Activation activation = GuardedClientHttpResponse.this.scope.activate();
			try {
				this.delegate.close();
			}
			catch (IOException | RuntimeException ex) {
				readFailed(ex);
				throw ex;
			}
			finally {
				activation.close();
			}
		}

	}

}
