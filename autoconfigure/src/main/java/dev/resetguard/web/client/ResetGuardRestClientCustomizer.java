package dev.resetguard.web.client;

import java.util.Objects;

import dev.resetguard.forensics.ClientKind;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Decorates every {@link RestClient} built from Boot's {@code RestClient.Builder} with Reset Guard's
 * {@link ResetGuardClientHttpRequestInterceptor interceptor}, tagged {@code client=rest-client}.
 * Applying it twice adds one interceptor. To decorate a client built by hand, apply it to its builder:
 * {@code RestClient.builder().apply(customizer::customize)}.
 */
public final class ResetGuardRestClientCustomizer implements RestClientCustomizer {

	private final ResetGuardClientHttpRequestInterceptor interceptor;

	/**
	 * Create a customizer that adds the given interceptor.
	 * @param interceptor the interceptor, for {@link ClientKind#REST_CLIENT}
	 */
	public ResetGuardRestClientCustomizer(ResetGuardClientHttpRequestInterceptor interceptor) {
		this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
	}

	/**
	 * Return the interceptor this customizer adds.
	 * @return the interceptor
	 */
	public ResetGuardClientHttpRequestInterceptor interceptor() {
		return this.interceptor;
	}

	@Override
	public void customize(RestClient.Builder restClientBuilder) {
		restClientBuilder.requestInterceptors(this.interceptor::addTo);
	}

}
