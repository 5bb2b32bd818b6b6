package dev.resetguard.autoconfigure;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.web.client.DecoratedClients;
import dev.resetguard.web.client.ResetGuardClientHttpRequestFactory;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

import static dev.resetguard.web.client.DecoratedClients.interceptorsOf;
import static dev.resetguard.web.client.DecoratedClients.requestFactoryOf;
import static org.assertj.core.api.Assertions.assertThat;

class ResetGuardRestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner();

	@Test
	void decoratesTheRequestFactoryOfRestClientsBuiltFromBootsBuilder() {
		this.contextRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(requestFactoryOf(client)).isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class,
					(factory) -> {
						assertThat(factory.client()).isEqualTo(ClientKind.REST_CLIENT);
						assertThat(factory.getDelegate()).isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
					});
			assertThat(interceptorsOf(client)).isEmpty();
		});
	}

	@Test
	void decoratesTheRequestFactoryOfAUserSuppliedFactoryBuilder() {
		this.contextRunner
			.withBean("userFactoryBuilder", ClientHttpRequestFactoryBuilder.class, ClientHttpRequestFactoryBuilder::simple)
			.run((context) -> assertThat(requestFactoryOf(context.getBean(RestClient.Builder.class).build()))
				.isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class, (factory) -> assertThat(
						factory.getDelegate())
					.isInstanceOf(SimpleClientHttpRequestFactory.class)));
	}

	@Test
	void decoratingABuilderTwiceWrapsItsRequestFactoryOnce() {
		this.contextRunner.run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			builder.apply(context.getBean(ResetGuardRestClientCustomizer.class)::customize);
			RestClient client = builder.build();
			assertThat(requestFactoryOf(client)).isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class,
					(factory) -> assertThat(factory.getDelegate())
						.isNotInstanceOf(ResetGuardClientHttpRequestFactory.class));
			assertThat(interceptorsOf(client)).isEmpty();
		});
	}

	@Test
	void requestFactorySetAfterTheCustomizerReplacesTheDecoratedOne() {
		this.contextRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class)
				.requestFactory(new SimpleClientHttpRequestFactory())
				.build();
			assertThat(requestFactoryOf(client)).isInstanceOf(SimpleClientHttpRequestFactory.class);
		});
	}

	@Test
	void decoratesAHandBuiltBuilderTheCustomizerIsAppliedTo() {
		this.contextRunner.run((context) -> {
			RestClient client = RestClient.builder()
				.requestFactory(new SimpleClientHttpRequestFactory())
				.apply(context.getBean(ResetGuardRestClientCustomizer.class)::customize)
				.build();
			assertThat(requestFactoryOf(client)).isInstanceOfSatisfying(ResetGuardClientHttpRequestFactory.class,
					(factory) -> assertThat(factory.getDelegate()).isInstanceOf(SimpleClientHttpRequestFactory.class));
		});
	}

	@Test
	void switchedOffByRestClientProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.rest-client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestClientCustomizer.class);
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(requestFactoryOf(client)).isNotInstanceOf(ResetGuardClientHttpRequestFactory.class);
			assertThat(interceptorsOf(client)).isEmpty();
		});
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardRestClientCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringRetry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RetryTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResetGuardRestClientCustomizer.class));
	}

	@Test
	void backsOffWhenUserDefinesCustomizer() {
		this.contextRunner
			.withBean("userCustomizer", ResetGuardRestClientCustomizer.class,
					() -> new ResetGuardRestClientCustomizer(DecoratedClients.standaloneGuard(ClientKind.REST_CLIENT)))
			.run((context) -> assertThat(context).getBean(ResetGuardRestClientCustomizer.class)
				.isSameAs(context.getBean("userCustomizer")));
	}

	@Test
	void leavesHandBuiltClientsAloneByDefault() {
		this.contextRunner.withBean("handBuilt", RestClient.class, RestClient::create).run((context) -> {
			assertThat(context).doesNotHaveBean("resetGuardRestClientPostProcessor");
			assertThat(requestFactoryOf(context.getBean("handBuilt", RestClient.class)))
				.isNotInstanceOf(ResetGuardClientHttpRequestFactory.class);
		});
	}

	@Test
	void decoratesHandBuiltClientsWhenAskedTo() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("handBuilt", RestClient.class, RestClient::create)
			.run((context) -> {
				RestClient client = context.getBean("handBuilt", RestClient.class);
				assertThat(requestFactoryOf(client)).isInstanceOf(ResetGuardClientHttpRequestFactory.class);
				assertThat(interceptorsOf(client)).isEmpty();
			});
	}

	@Test
	void keepsAHandBuiltClientThatIsDecoratedAlready() {
		RestClient decorated = RestClient.builder()
			.requestFactory(new ResetGuardClientHttpRequestFactory(new SimpleClientHttpRequestFactory(),
					DecoratedClients.standaloneGuard(ClientKind.REST_CLIENT)))
			.build();
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("fromBuilder", RestClient.class, () -> decorated)
			.run((context) -> assertThat(context.getBean("fromBuilder", RestClient.class)).isSameAs(decorated));
	}

	@Test
	void isListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardRestClientAutoConfiguration.class.getName());
	}

}
