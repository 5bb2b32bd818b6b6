package dev.resetguard.web.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.resetguard.forensics.ClientKind;

import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestTemplate;

/**
 * Decorates every {@link RestTemplate} built from Boot's {@code RestTemplateBuilder} with Reset Guard's
 * {@link ResetGuardClientHttpRequestInterceptor interceptor}, tagged {@code client=rest-template}.
 * Applying it twice adds one interceptor; it may be applied to a template built by hand.
 */
public final class ResetGuardRestTemplateCustomizer implements RestTemplateCustomizer {

	private final ResetGuardClientHttpRequestInterceptor interceptor;

	/**
	 * Create a customizer that adds the given interceptor.
	 * @param interceptor the interceptor, for {@link ClientKind#REST_TEMPLATE}
	 */
	public ResetGuardRestTemplateCustomizer(ResetGuardClientHttpRequestInterceptor interceptor) {
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
	public void customize(RestTemplate restTemplate) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
		if (this.interceptor.addTo(interceptors)) {
			restTemplate.setInterceptors(interceptors);
		}
	}

}
