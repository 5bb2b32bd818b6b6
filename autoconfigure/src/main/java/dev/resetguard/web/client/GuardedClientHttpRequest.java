package dev.resetguard.web.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

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
 * again only if it is {@link StreamingHttpOutputMessage.Body#repeatable() repeatable}; a call whose body
 * cannot be replayed is not retried once the request may have reached the peer.
 */
final class GuardedClientHttpRequest
		implements ClientHttpRequest, StreamingHttpOutputMessage, BlockingCallGuard.Exchange {

	private final ResetGuardClientHttpRequestFactory factory;

	private final URI uri;

	private final HttpMethod method;

	private final ClientHttpRequest first;

	private FastByteArrayOutputStream bufferedBody;

	private Body streamedBody;

	private boolean sent;

	private boolean executed;

	GuardedClientHttpRequest(ResetGuardClientHttpRequestFactory factory, URI uri, HttpMethod method,
			ClientHttpRequest first) {
		this.factory = factory;
		this.uri = uri;
		this.method = method;
		this.first = first;
	}

	// As given, not as the first request gives them back: some (Apache's) build a new URI each time.
	@Override
	public HttpMethod getMethod() {
		return this.method;
	}

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
		if (this.bufferedBody == null) {
			this.bufferedBody = new FastByteArrayOutputStream();
		}
		return this.bufferedBody;
	}

	@Override
	public void setBody(Body body) {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
		this.streamedBody = body;
	}

	@Override
	public ClientHttpResponse execute() throws IOException {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
		this.executed = true;
		return this.factory.guard().execute(this, this);
	}

	@Override
	public boolean replayable() {
		return this.streamedBody == null || this.streamedBody.repeatable();
	}

	@Override
	public ClientHttpResponse send() throws IOException {
		ClientHttpRequest request = this.sent ? copyOfFirst() : this.first;
		this.sent = true;
		writeBody(request);
		return request.execute();
	}

	private ClientHttpRequest copyOfFirst() throws IOException {
		ClientHttpRequest copy = this.factory.getDelegate().createRequest(this.uri, this.method);
		copy.getHeaders().putAll(this.first.getHeaders());
		copy.getAttributes().putAll(this.first.getAttributes());
		return copy;
	}

	private void writeBody(ClientHttpRequest request) throws IOException {
		if (this.streamedBody != null) {
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(this.streamedBody);
			}
			else {
				this.streamedBody.writeTo(request.getBody());
			}
		}
		else if (this.bufferedBody != null) {
			byte[] body = this.bufferedBody.toByteArrayUnsafe();
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(body);
			}
			else {
				request.getBody().write(body);
			}
		}
	}

}
