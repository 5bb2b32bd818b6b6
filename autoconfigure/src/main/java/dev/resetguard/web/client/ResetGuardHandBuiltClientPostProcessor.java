package dev.resetguard.web.client;

import java.util.Objects;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Decorates the {@link RestClient} or {@link RestTemplate} beans that the application builds by hand
 * rather than from Boot's builder, with the same customizer that decorates built ones; a client decorated
 * already passes through unchanged.
 * @param <C> the type of client
 */
public final class ResetGuardHandBuiltClientPostProcessor<C> implements BeanPostProcessor {

	private final Class<C> type;

	private final UnaryOperator<C> decorate;

	private ResetGuardHandBuiltClientPostProcessor(Class<C> type, UnaryOperator<C> decorate) {
		this.type = type;
		this.decorate = decorate;
	}

	/**
	 * Return a post-processor that replaces each undecorated {@link RestClient} bean with a copy whose
	 * request factory is Reset Guard's.
	 * @param customizer the customizer that decorates clients, looked up when the first client is seen
	 * as post-processors are created before other beans
	 * @return the post-processor
	 */
	public static ResetGuardHandBuiltClientPostProcessor<RestClient> forRestClients(
			ObjectProvider<ResetGuardRestClientCustomizer> customizer) {
		Objects.requireNonNull(customizer, "customizer");
		return new ResetGuardHandBuiltClientPostProcessor<>(RestClient.class,
				(client) -> customizer.getObject().decorate(client));
	}

	/**
	 * Return a post-processor that wraps the request factory of each {@link RestTemplate} bean in Reset
	 * Guard's unless it is wrapped already.
	 * @param customizer the customizer that decorates templates, looked up when the first template is
	 * seen as post-processors are created before other beans
	 * @return the post-processor
	 */
	public static ResetGuardHandBuiltClientPostProcessor<RestTemplate> forRestTemplates(
			ObjectProvider<ResetGuardRestTemplateCustomizer> customizer) {
		Objects.requireNonNull(customizer, "customizer");
		return new ResetGuardHandBuiltClientPostProcessor<>(RestTemplate.class, (template) -> {
			customizer.getObject().customize(template);
			return template;
		});
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return this.type.isInstance(bean) ? this.decorate.apply(this.type.cast(bean)) : bean;
	}

}
