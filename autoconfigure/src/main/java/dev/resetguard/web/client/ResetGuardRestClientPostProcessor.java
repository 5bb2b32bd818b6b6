package dev.resetguard.web.client;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;

/**
 * Decorates {@link RestClient} beans that the application builds by hand rather than from Boot's
 * builder, by replacing each undecorated one with a copy that has Reset Guard's interceptor. Clients
 * built from Boot's builder are decorated already and pass through unchanged.
 */
public final class ResetGuardRestClientPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ResetGuardRestClientCustomizer> customizer;

	/**
	 * Create a post-processor; the customizer is looked up when the first client is seen, as post
	 * processors are created before other beans.
	 * @param customizer the customizer that decorates clients
	 */
	public ResetGuardRestClientPostProcessor(ObjectProvider<ResetGuardRestClientCustomizer> customizer) {
		this.customizer = customizer;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestClient client) {
			ResetGuardClientHttpRequestInterceptor interceptor = this.customizer.getObject().interceptor();
			RestClient.Builder builder = client.mutate();
			AtomicBoolean added = new AtomicBoolean();
			builder.requestInterceptors((interceptors) -> added.set(interceptor.addTo(interceptors)));
			if (added.get()) {
				return builder.build();
			}
		}
		return bean;
	}

}
