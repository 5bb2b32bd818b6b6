package dev.resetguard.web.client;

import java.util.Objects;

import dev.resetguard.forensics.ClientKind;

import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/**
 * Decorates every {@link RestTemplate} built from Boot's {@code RestTemplateBuilder}, tagged
 * {@code client=rest-template}, by wrapping the template's request factory in a
 * {@link ResetGuardClientHttpRequestFactory}. Applying it twice wraps the factory once; it may be applied
 * to a template built by hand. A request factory set on the template afterwards replaces the decorated
 * one.
 */
public final class ResetGuardRestTemplateCustomizer implements RestTemplateCustomizer {

	private final BlockingCallGuard guard;

	/**
	 * Create a customizer that decorates templates with the given guard.
	 * @param guard runs each call, for {@link ClientKind#REST_TEMPLATE}
	 */
	public ResetGuardRestTemplateCustomizer(BlockingCallGuard guard) {
		this.guard = Objects.requireNonNull(guard, "guard");
	}

	/**
	 * Return the guard that runs the calls of decorated templates.
	 * @return the guard
	 */
	public BlockingCallGuard guard() {
		return this.guard;
	}

	@Override
	public void customize(RestTemplate restTemplate) {
		ClientHttpRequestFactory requestFactory = restTemplate.getRequestFactory();
		// A template with interceptors hands out its factory wrapped in Spring's intercepting one, which it
		// makes afresh: the factory to decorate is the one inside.
		if (requestFactory instanceof InterceptingClientHttpRequestFactory intercepting) {
			requestFactory = intercepting.getDelegate();
		}
		ClientHttpRequestFactory decorated = ResetGuardClientHttpRequestFactory.decorate(requestFactory, this.guard);
		if (decorated != requestFactory) {
			restTemplate.setRequestFactory(decorated);
		}
	}

}
