package dev.resetguard.web.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;
import org.springframework.util.FastByteArrayOutputStream;

/**
 * A request made by a {@link ResetGuardClientHttpRequestFactory}: the caller fills in the request of the
 * first attempt, and {@link #execute()} runs the call through the {@link BlockingCallGuard}. A retry sends
 * a new request of the wrapped factory with the same headers, attributes and body.
 * <p>
 * A body written to {@link #getBody()} is kept, so it can be sent again. A body set as a
 * {@link StreamingHttpOutputMessage.Body} is written straight to each attempt's request, and so is sent
 * again only if it is {@link StreamingHttpOutputMessage.Body#repeatable() repeatable}; one that is not is
 * never written twice: once the client asked for it, the call is not retried, even when the client's
 * first socket write failed with nothing sent (Apache HttpClient buffers the head and the first 8 KiB of
 * the body before that write).
 */
final class GuardedClientHttpRequest
		implements ClientHttpRequest, StreamingHttpOutputMessage, BlockingCallGuard.Exchange {

	private final ResetGuardClientHttpRequestFactory factory;

	private final URI uri;

	private final ClientHttpRequest first;

	// What the caller wrote to getBody(), a FastByteArrayOutputStream, or the Body it set; one field, as every
	// field of a request is paid for by every call.
	private @Nullable Object body;

	private boolean sent;

	private boolean executed;

	GuardedClientHttpRequest(ResetGuardClientHttpRequestFactory factory, URI uri, ClientHttpRequest first) {
		this.factory = factory;
		this.uri = uri;
		this.first = first;
	}

	@Override
	public HttpMethod getMethod() {
		return this.first.getMethod();
	}

	// As given, not as the first request gives it back: Apache's builds a new URI each time.
	@Override
	public URI getURI() {
		return this.uri;
	}

	// The first attempt's own headers and attributes, so that filling them in copies nothing.
	@Override
	public HttpHeaders getHeaders() {
		return this.first.getHeaders();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.first.getAttributes();
	}

	@Override
	public OutputStream getBody() {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
		if (this.body instanceof FastByteArrayOutputStream buffered) {
			return buffered;
		}
		FastByteArrayOutputStream buffered = new FastByteArrayOutputStream();
		this.body = buffered;
		return buffered;
	}

	@Override
	public void setBody(Body body) {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
		this.body = body.repeatable() ? body : new OneShotBody(body);
	}

	@Override
	public ClientHttpResponse execute() throws IOException {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
		this.executed = true;
		return this.factory.guard().execute(this, this);
	}

	@Override
	public boolean replayable() {
		return !(this.body instanceof OneShotBody oneShot) || !oneShot.used();
	}

	@Override
	public ClientHttpResponse send() throws IOException {
		ClientHttpRequest request = this.sent ? copyOfFirst() : this.first;
		this.sent = true;
		writeBody(request);
		return request.execute();
	}

	private ClientHttpRequest copyOfFirst() throws IOException {
		ClientHttpRequest copy = this.factory.getDelegate().createRequest(this.uri, this.first.getMethod());
		copy.getHeaders().putAll(this.first.getHeaders());
		copy.getAttributes().putAll(this.first.getAttributes());
		return copy;
	}

	private void writeBody(ClientHttpRequest request) throws IOException {
		if (this.body instanceof Body streamed) {
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(streamed);
			}
			else {
				streamed.writeTo(request.getBody());
			}
		}
		else if (this.body instanceof FastByteArrayOutputStream buffered) {
			byte[] bytes = buffered.toByteArrayUnsafe();
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(bytes);
			}
			else {
				request.getBody().write(bytes);
			}
		}
	}

	/**
	 * A body that cannot be written twice, which remembers whether it was asked to write itself.
	 */
	private static final class OneShotBody implements Body {

		private final Body body;

		private volatile boolean used;

		OneShotBody(Body body) {
			this.body = body;
		}

		boolean used() {
			return this.used;
		}

		@Override
		public void writeTo(OutputStream outputStream) throws IOException {
			this.used = true;
			this.body.writeTo(outputStream);
		}

		@Override
		public boolean repeatable() {
			return false;
		}

	}

}
