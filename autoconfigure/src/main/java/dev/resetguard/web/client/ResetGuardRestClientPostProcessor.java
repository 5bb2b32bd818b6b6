package dev.resetguard.web.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;

/**
 * Decorates {@link RestClient} beans that the application builds by hand rather than from Boot's
 * builder, by replacing each undecorated one with a copy whose request factory is Reset Guard's. Clients
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
			RestClient.Builder builder = client.mutate();
			if (this.customizer.getObject().decorate(builder)) {
				return builder.build();
			}
		}
		return bean;
	}

}
