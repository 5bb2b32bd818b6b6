package dev.resetguard.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.resetguard.forensics.ClientKind;
import dev.resetguard.web.client.DecoratedClients;
import dev.resetguard.web.client.ResetGuardClientHttpRequestInterceptor;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
import dev.resetguard.web.client.ResetGuardRestClientPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ResetGuardRestClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner();

	@Test
	void decoratesRestClientsBuiltFromBootsBuilder() {
		this.contextRunner.run((context) -> assertThat(interceptorsOf(context.getBean(RestClient.Builder.class).build()))
			.singleElement()
			.isInstanceOfSatisfying(ResetGuardClientHttpRequestInterceptor.class,
					(interceptor) -> assertThat(interceptor.client()).isEqualTo(ClientKind.REST_CLIENT)));
	}

	@Test
	void decoratingABuilderTwiceAddsOneInterceptor() {
		this.contextRunner.run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			builder.apply(context.getBean(ResetGuardRestClientCustomizer.class)::customize);
			assertThat(interceptorsOf(builder.build())).hasSize(1);
		});
	}

	@Test
	void switchedOffByRestClientProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.rest-client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestClientCustomizer.class);
			assertThat(interceptorsOf(context.getBean(RestClient.Builder.class).build())).isEmpty();
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
					() -> new ResetGuardRestClientCustomizer(DecoratedClients.standaloneInterceptor(ClientKind.REST_CLIENT)))
			.run((context) -> assertThat(context).getBean(ResetGuardRestClientCustomizer.class)
				.isSameAs(context.getBean("userCustomizer")));
	}

	@Test
	void leavesHandBuiltClientsAloneByDefault() {
		this.contextRunner.withBean("handBuilt", RestClient.class, RestClient::create).run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardRestClientPostProcessor.class);
			assertThat(interceptorsOf(context.getBean("handBuilt", RestClient.class))).isEmpty();
		});
	}

	@Test
	void decoratesHandBuiltClientsWhenAskedTo() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("handBuilt", RestClient.class, RestClient::create)
			.run((context) -> assertThat(interceptorsOf(context.getBean("handBuilt", RestClient.class)))
				.singleElement()
				.isInstanceOf(ResetGuardClientHttpRequestInterceptor.class));
	}

	@Test
	void keepsAHandBuiltClientThatIsDecoratedAlready() {
		this.contextRunner.withPropertyValues("reset-guard.clients.decorate-hand-built=true")
			.withBean("fromBuilder", RestClient.class,
					() -> RestClient.builder()
						.requestInterceptor(DecoratedClients.standaloneInterceptor(ClientKind.REST_CLIENT))
						.build())
			.run((context) -> assertThat(interceptorsOf(context.getBean("fromBuilder", RestClient.class))).hasSize(1));
	}

	@Test
	void isListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardRestClientAutoConfiguration.class.getName());
	}

	private static List<ClientHttpRequestInterceptor> interceptorsOf(RestClient client) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		client.mutate().requestInterceptors(interceptors::addAll);
		return interceptors;
	}

}
