package dev.resetguard.web.client;

import java.io.IOException;
import java.io.InputStream;

import dev.resetguard.forensics.AttemptScope;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.CallRetry;

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

	private final AttemptScope scope;

	private final ResetRecorder recorder;

	private InputStream body;

	GuardedClientHttpResponse(ClientHttpResponse delegate, CallRetry call, AttemptScope scope,
			ResetRecorder recorder) {
		this.delegate = delegate;
		this.call = call;
		this.scope = scope;
		this.recorder = recorder;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		return inScope(this.delegate::getStatusCode);
	}

	@Override
	public String getStatusText() throws IOException {
		return inScope(this.delegate::getStatusText);
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		if (this.body == null) {
			this.body = new GuardedBody(inScope(this.delegate::getBody));
		}
		return this.body;
	}

	@Override
	public void close() {
		AttemptScope.Activation activation = this.scope.activate();
		try {
			this.delegate.close();
		}
		finally {
			activation.close();
			this.call.finish();
		}
	}

	/**
	 * Run a read with the attempt's scope active; a reset it fails with ends the call.
	 */
	private <T> T inScope(BodyRead<T> read) throws IOException {
		AttemptScope.Activation activation = this.scope.activate();
		try {
			return read.run();
		}
		catch (IOException | RuntimeException ex) {
			if (this.scope.resolve(this.recorder, ResetPhase.RECEIVING_RESPONSE, ex) != null) {
				this.call.resetAfterResponse();
			}
			throw ex;
		}
		finally {
			activation.close();
		}
	}

	/**
	 * One read of the response.
	 * @param <T> the result of the read
	 */
	@FunctionalInterface
	private interface BodyRead<T> {

		T run() throws IOException;

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
			return inScope(this.delegate::read);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return inScope(() -> this.delegate.read(b, off, len));
		}

		@Override
		public long skip(long n) throws IOException {
			return inScope(() -> this.delegate.skip(n));
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			inScope(() -> {
				this.delegate.close();
				return null;
			});
		}

	}

}
