package dev.resetguard.web.client;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractClientHttpRequestFactoryWrapper;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Makes the requests of a {@code RestClient} or {@code RestTemplate} reset-aware by wrapping the client's
 * request factory: every request runs under Reset Guard's retry rules (resets only, idempotency, attempts,
 * jittered backoff, the peer's retry budget), every reset is recorded once with the facts the sockets saw,
 * and every call reports one outcome; see {@link BlockingCallGuard}. On a reset that is not retried the
 * caller gets the client's own exception, unchanged.
 * <p>
 * Unlike an interceptor, a request factory leaves the client on Spring's direct path: the body is not
 * buffered by Spring nor are headers copied. A retry sends the request again through the wrapped factory;
 * interceptors the client has run once per call, before Reset Guard.
 */
public final class ResetGuardClientHttpRequestFactory extends AbstractClientHttpRequestFactoryWrapper {

	private final BlockingCallGuard guard;

	/**
	 * Create a factory that wraps another.
	 * @param requestFactory the factory that makes the requests sent on the wire
	 * @param guard runs each call
	 */
	public ResetGuardClientHttpRequestFactory(ClientHttpRequestFactory requestFactory, BlockingCallGuard guard) {
		super(requestFactory);
		this.guard = Objects.requireNonNull(guard, "guard");
	}

	/**
	 * Return a factory whose requests run under Reset Guard's rules: the given one if it is a Reset Guard
	 * factory already, so that decorating twice changes nothing, else the given one wrapped.
	 * @param requestFactory the factory to decorate
	 * @param guard runs each call
	 * @return the decorated factory
	 */
	public static ClientHttpRequestFactory decorate(ClientHttpRequestFactory requestFactory, BlockingCallGuard guard) {
		if (requestFactory instanceof ResetGuardClientHttpRequestFactory) {
			return requestFactory;
		}
		return new ResetGuardClientHttpRequestFactory(requestFactory, guard);
	}

	/**
	 * Return the kind of client this factory decorates.
	 * @return the client kind
	 */
	public ClientKind client() {
		return this.guard.client();
	}

	BlockingCallGuard guard() {
		return this.guard;
	}

	@Override
	protected ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod, ClientHttpRequestFactory requestFactory)
			throws IOException {
		return new GuardedClientHttpRequest(this, uri, requestFactory.createRequest(uri, httpMethod));
	}

}
