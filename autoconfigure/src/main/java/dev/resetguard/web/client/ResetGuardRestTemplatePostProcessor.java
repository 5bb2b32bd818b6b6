package dev.resetguard.web.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestTemplate;

/**
 * Decorates {@link RestTemplate} beans that the application builds by hand rather than from Boot's
 * builder, by wrapping their request factory in Reset Guard's unless it is wrapped already.
 */
public final class ResetGuardRestTemplatePostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ResetGuardRestTemplateCustomizer> customizer;

	/**
	 * Create a post-processor; the customizer is looked up when the first template is seen, as post
	 * processors are created before other beans.
	 * @param customizer the customizer that decorates templates
	 */
	public ResetGuardRestTemplatePostProcessor(ObjectProvider<ResetGuardRestTemplateCustomizer> customizer) {
		this.customizer = customizer;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate template) {
			this.customizer.getObject().customize(template);
		}
		return bean;
	}

}
