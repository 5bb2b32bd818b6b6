package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.web.client.DecoratedClients;
import dev.resetguard.web.client.ResetGuardClientHttpRequestInterceptor;
import dev.resetguard.web.client.ResetGuardRestTemplateCustomizer;
import dev.resetguard.web.client.ResetGuardRestTemplatePostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ResetGuardRestTemplateAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner();

	@Test
	void decoratesRestTemplatesBuiltFromBootsBuilder() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
			.singleElement()
			.isInstanceOfSatisfying(ResetGuardClientHttpRequestInterceptor.class,
					(interceptor) -> assertThat(interceptor.client()).isEqualTo(ClientKind.REST_TEMPLATE)));
	}

	@Test
	void decoratingATemplateTwiceAddsOneInterceptor() {
		this.contextRunner.run((context) -> {
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			context.getBean(ResetGuardRestTemplateCustomizer.class).customize(template);
			assertThat(template.getInterceptors()).hasSize(1);
		});
	}

	@Test
	void switchedOffByRestTemplateProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.rest-template.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestTemplateCustomizer.class);
			assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors()).isEmpty();
		});
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardRestTemplateCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringRetry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RetryTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResetGuardRestTemplateCustomizer.class));
	}

	@Test
	void leavesHandBuiltTemplatesAloneByDefault() {
		this.contextRunner.withBean("handBuilt", RestTemplate.class, RestTemplate::new).run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestTemplatePostProcessor.class);
			assertThat(context.getBean("handBuilt", RestTemplate.class).getInterceptors()).isEmpty();
		});
	}

	@Test
	void decoratesHandBuiltTemplatesOnceWhenAskedTo() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("handBuilt", RestTemplate.class, RestTemplate::new)
			.withUserConfiguration(TemplateFromBuilderConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("handBuilt", RestTemplate.class).getInterceptors()).singleElement()
					.isInstanceOf(ResetGuardClientHttpRequestInterceptor.class);
				assertThat(context.getBean("fromBuilder", RestTemplate.class).getInterceptors()).hasSize(1);
			});
	}

	@Test
	void isListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardRestTemplateAutoConfiguration.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class TemplateFromBuilderConfiguration {

		@Bean
		RestTemplate fromBuilder(RestTemplateBuilder builder) {
			return builder.build();
		}

	}

}
