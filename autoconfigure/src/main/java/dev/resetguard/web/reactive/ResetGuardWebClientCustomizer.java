package dev.resetguard.web.reactive;

import java.util.Objects;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link WebClientCustomizer} that adds Reset Guard's {@link ResetGuardExchangeFilterFunction} to every
 * {@code WebClient} built from Boot's {@code WebClient.Builder}, once, however often it is applied. It
 * runs last, so the filter sits after those other customizers add, next to the exchange it retries.
 */
public final class ResetGuardWebClientCustomizer implements WebClientCustomizer, Ordered {

	private final ResetGuardExchangeFilterFunction filter;

	/**
	 * Create a customizer that adds the given filter.
	 * @param filter the filter
	 */
	public ResetGuardWebClientCustomizer(ResetGuardExchangeFilterFunction filter) {
		this.filter = Objects.requireNonNull(filter, "filter");
	}

	@Override
	public void customize(WebClient.Builder webClientBuilder) {
		webClientBuilder.filters((filters) -> {
			if (!ResetGuardExchangeFilterFunction.isPresentIn(filters)) {
				filters.add(this.filter);
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
