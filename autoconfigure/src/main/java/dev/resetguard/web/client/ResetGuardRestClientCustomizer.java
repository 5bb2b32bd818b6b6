package dev.resetguard.web.client;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.resetguard.forensics.ClientKind;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Decorates every {@link RestClient} built from Boot's {@code RestClient.Builder}, tagged
 * {@code client=rest-client}, by wrapping the builder's request factory in a
 * {@link ResetGuardClientHttpRequestFactory}; only a builder whose factory cannot be read gets the
 * {@link ResetGuardClientHttpRequestInterceptor interceptor} instead. Applying it twice wraps the factory
 * once. A request factory set on the builder after this customizer ran replaces the decorated one: apply
 * the customizer last. To decorate a client built by hand, apply it to its builder:
 * {@code RestClient.builder().apply(customizer::customize)}.
 */
public final class ResetGuardRestClientCustomizer implements RestClientCustomizer {

	private final BlockingCallGuard guard;

	private final ResetGuardClientHttpRequestInterceptor fallback;

	/**
	 * Create a customizer that decorates clients with the given guard.
	 * @param guard runs each call, for {@link ClientKind#REST_CLIENT}
	 */
	public ResetGuardRestClientCustomizer(BlockingCallGuard guard) {
		this.guard = Objects.requireNonNull(guard, "guard");
		this.fallback = new ResetGuardClientHttpRequestInterceptor(guard);
	}

	/**
	 * Return the guard that runs the calls of decorated clients.
	 * @return the guard
	 */
	public BlockingCallGuard guard() {
		return this.guard;
	}

	@Override
	public void customize(RestClient.Builder restClientBuilder) {
		decorate(restClientBuilder);
	}

	/**
	 * Return a decorated copy of a client, or the client itself if it is decorated already.
	 * @param client the client
	 * @return the decorated client
	 */
	RestClient decorate(RestClient client) {
		RestClient.Builder builder = client.mutate();
		return decorate(builder) ? builder.build() : client;
	}

	/**
	 * Decorate a builder unless it is decorated already.
	 * @param builder the builder
	 * @return {@code true} if the builder was changed
	 */
	boolean decorate(RestClient.Builder builder) {
		ClientHttpRequestFactory requestFactory = RestClientBuilderRequestFactory.of(builder);
		if (requestFactory == null) {
			AtomicBoolean added = new AtomicBoolean();
			builder.requestInterceptors((interceptors) -> added.set(this.fallback.addTo(interceptors)));
			return added.get();
		}
		ClientHttpRequestFactory decorated = ResetGuardClientHttpRequestFactory.decorate(requestFactory, this.guard);
		if (decorated == requestFactory) {
			return false;
		}
		builder.requestFactory(decorated);
		return true;
	}

}
