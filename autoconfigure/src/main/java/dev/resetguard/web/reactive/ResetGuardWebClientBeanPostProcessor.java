package dev.resetguard.web.reactive;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds Reset Guard's {@link ResetGuardExchangeFilterFunction} to {@code WebClient} beans that the
 * application builds by hand, for {@code reset-guard.clients.decorate-hand-built=true}. A bean that has
 * the filter already, because it was built from Boot's {@code WebClient.Builder}, is left as it is. Only
 * the filter is added: the connector such a client was built with stays as it is, so resets are explained
 * from the exception alone and Reactor Netty's own retry, if any, stays on.
 */
public final class ResetGuardWebClientBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ResetGuardExchangeFilterFunction> filter;

	/**
	 * Create a post-processor that looks the filter up when the first {@code WebClient} bean appears.
	 * @param filter the filter
	 */
	public ResetGuardWebClientBeanPostProcessor(ObjectProvider<ResetGuardExchangeFilterFunction> filter) {
		this.filter = Objects.requireNonNull(filter, "filter");
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof WebClient webClient)) {
			return bean;
		}
		WebClient.Builder builder = webClient.mutate();
		AtomicBoolean added = new AtomicBoolean();
		builder.filters((filters) -> {
			if (!ResetGuardExchangeFilterFunction.isPresentIn(filters)) {
				filters.add(this.filter.getObject());
				added.set(true);
			}
		});
		return added.get() ? builder.build() : bean;
	}

}
