package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.web.client.DecoratedClients;
import dev.resetguard.web.client.ResetGuardClientHttpRequestFactory;
import dev.resetguard.web.client.ResetGuardRestTemplateCustomizer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ResetGuardRestTemplateAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner();

	@Test
	void decoratesTheRequestFactoryOfRestTemplatesBuiltFromBootsBuilder() {
		this.contextRunner.run((context) -> {
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			assertThat(template.getRequestFactory()).isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class,
					(factory) -> {
						assertThat(factory.client()).isEqualTo(ClientKind.REST_TEMPLATE);
						assertThat(factory.getDelegate()).isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
					});
			assertThat(template.getInterceptors()).isEmpty();
		});
	}

	@Test
	void decoratesTheRequestFactoryOfAUserSuppliedFactoryBuilder() {
		this.contextRunner
			.withBean("userFactoryBuilder", ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::jdk)
			.run((context) -> assertThat(context.getBean(RestTemplateBuilder.class).build().getRequestFactory())
				.isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class,
						(factory) -> assertThat(factory.getDelegate()).isInstanceOf(JdkClientHttpRequestFactory.class)));
	}

	@Test
	void decoratingATemplateTwiceWrapsItsRequestFactoryOnce() {
		this.contextRunner.run((context) -> {
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			ClientHttpRequestFactory decorated = template.getRequestFactory();
			context.getBean(ResetGuardRestTemplateCustomizer.class).customize(template);
			assertThat(template.getRequestFactory()).isSameAs(decorated);
		});
	}

	@Test
	void decoratesTheFactoryUnderATemplatesInterceptors() {
		this.contextRunner.run((context) -> {
			RestTemplate template = context.getBean(RestTemplateBuilder.class)
				.additionalInterceptors((request, body, execution) -> execution.execute(request, body))
				.build();
			context.getBean(ResetGuardRestTemplateCustomizer.class).customize(template);
			assertThat(template.getInterceptors()).hasSize(1);
			assertThat(template.getRequestFactory()).isInstanceOfSatisfying(InterceptingClientHttpRequestFactory.class,
					(intercepting) -> assertThat(intercepting.getDelegate())
						.isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class, (factory) -> assertThat(
								factory.getDelegate())
							.isInstanceOf(HttpComponentsClientHttpRequestFactory.class)));
		});
	}

	@Test
	void switchedOffByRestTemplateProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.rest-template.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestTemplateCustomizer.class);
			assertThat(context.getBean(RestTemplateBuilder.class).build().getRequestFactory())
				.isNotInstanceOf(ResetGuardClientHttpRequestFactory.class);
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
			assertThat(context).doesNotHaveBean("resetGuardRestTemplatePostProcessor");
			assertThat(context.getBean("handBuilt", RestTemplate.class).getRequestFactory())
				.isNotInstanceOf(ResetGuardClientHttpRequestFactory.class);
		});
	}

	@Test
	void decoratesHandBuiltTemplatesOnceWhenAskedTo() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("handBuilt", RestTemplate.class, RestTemplate::new)
			.withUserConfiguration(TemplateFromBuilderConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("handBuilt", RestTemplate.class).getRequestFactory())
					.isInstanceOf(ResetGuardClientHttpRequestFactory.class);
				assertThat(context.getBean("fromBuilder", RestTemplate.class).getRequestFactory())
					.isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class, (factory) -> assertThat(
							factory.getDelegate())
						.isNotInstanceOf(ResetGuardClientHttpRequestFactory.class));
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
