package dev.resetguard.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.http.client.ResetGuardHttpComponentsCustomizer;
import dev.resetguard.test.ChaosOptions;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import dev.resetguard.web.client.DecoratedClients;
import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ChaosServerExtension.class)
class ResetGuardHttpComponentsAutoConfigurationTests {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner()
		.withBean("recordingListener", ResetEventListener.class, () -> this.events::add);

	@Test
	void customizesBootsApacheClientBuilder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ResetGuardHttpComponentsCustomizer.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void staysOnWhileOnlyRestTemplatesAreDecorated() {
		this.contextRunner.withPropertyValues("reset-guard.clients.rest-client.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ResetGuardHttpComponentsCustomizer.class));
	}

	@Test
	void switchedOffWhenNeitherClientIsDecorated() {
		this.contextRunner
			.withPropertyValues("reset-guard.clients.rest-client.enabled=false",
					"reset-guard.clients.rest-template.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResetGuardHttpComponentsCustomizer.class));
	}

	@Test
	void backsOffWithoutApacheHttpClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5")).run((context) -> {
			assertThat(context).doesNotHaveBean(ResetGuardHttpComponentsCustomizer.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isNotInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void leavesOtherRequestFactoriesAlone() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jdk")
			.run((context) -> assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JdkClientHttpRequestFactoryBuilder.class));
	}

	@Test
	void customizingTwiceStillRecordsOneEventPerReset(ChaosServer server) {
		this.contextRunner.run((context) -> {
			ResetGuardHttpComponentsCustomizer customizer = context.getBean(ResetGuardHttpComponentsCustomizer.class);
			HttpComponentsClientHttpRequestFactoryBuilder builder = customizer
				.customize(customizer.customize(ClientHttpRequestFactoryBuilder.httpComponents()));
			server.next(1, Toxic.resetAfterRequestHead());
			assertThat(client(context, builder).get().uri(server.url("/item")).retrieve().body(String.class))
				.isEqualTo("ok");
			assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.facts()).isNotNull());
		});
	}

	@Test
	void resetDuringTheTlsHandshakeHasConnectionFactsAndAPostIsRetried(@ChaosOptions(tls = true) ChaosServer server) {
		this.contextRunner.run((context) -> {
			HttpComponentsClientHttpRequestFactoryBuilder builder = context
				.getBean(ResetGuardHttpComponentsCustomizer.class)
				.customize(ClientHttpRequestFactoryBuilder.httpComponents()
					.withTlsSocketStrategyFactory((bundle) -> new DefaultClientTlsStrategy(server.tls().clientContext())));
			server.next(1, Toxic.resetOnAccept());
			String body = client(context, builder).post().uri(server.url("/orders")).header("X-Request-Id", "o-1")
				.body("order")
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("ok");
			assertThat(server.ledger().requestCountsById()).containsEntry("o-1", 1L);
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.phase()).isIn(ResetPhase.TLS_HANDSHAKE, ResetPhase.CONNECT);
				assertThat(event.facts()).isNotNull();
				assertThat(event.facts().bytesSent()).isZero();
			});
		});
	}

	@Test
	void isListedInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(ResetGuardHttpComponentsAutoConfiguration.class.getName());
	}

	private static RestClient client(AssertableApplicationContext context,
			HttpComponentsClientHttpRequestFactoryBuilder builder) {
		return RestClient.builder()
			.requestFactory(builder.build())
			.apply(context.getBean(ResetGuardRestClientCustomizer.class)::customize)
			.build();
	}

}
