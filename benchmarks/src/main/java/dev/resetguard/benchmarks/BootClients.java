package dev.resetguard.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A minimal non-web Spring Boot application, started with or without Reset Guard's auto-configurations,
 * from which clients are built exactly as an application gets them: through the auto-configured
 * {@link RestClient.Builder} and {@link WebClient.Builder}, with every customizer the context holds.
 */
public final class BootClients implements AutoCloseable {

	private static final String RESET_GUARD_PACKAGE = "dev.resetguard.";

	private final ConfigurableApplicationContext context;

	private BootClients(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start an application.
	 * @param resetGuard whether Reset Guard's auto-configurations take part; without them the context is
	 * the same application with Reset Guard removed
	 * @param properties further properties, such as {@code spring.http.clients.imperative.factory}
	 * @param beans further beans, registered before the context refreshes, for example a customizer
	 * @return the running application
	 */
	public static BootClients start(boolean resetGuard, Map<String, Object> properties, Object... beans) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("logging.level.root", "warn");
		defaults.put("logging.level.dev.resetguard.benchmarks", "info");
		if (!resetGuard) {
			defaults.put("spring.autoconfigure.exclude", String.join(",", resetGuardAutoConfigurations()));
		}
		defaults.putAll(properties);
		SpringApplication application = new SpringApplication(Application.class);
		application.addInitializers((context) -> {
			for (int i = 0; i < beans.length; i++) {
				context.getBeanFactory().registerSingleton("benchmarkBean" + i, beans[i]);
			}
		});
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(defaults);
		return new BootClients(application.run());
	}

	/**
	 * Return a new builder from the application's auto-configured one.
	 * @return a RestClient builder
	 */
	public RestClient.Builder restClientBuilder() {
		return this.context.getBean(RestClient.Builder.class);
	}

	/**
	 * Return a new builder from the application's auto-configured one.
	 * @return a WebClient builder
	 */
	public WebClient.Builder webClientBuilder() {
		return this.context.getBean(WebClient.Builder.class);
	}

	/**
	 * Return a request factory as the application's {@code RestClient.Builder} gets it, before any
	 * {@code RestClientCustomizer}: built by its request factory builder with its HTTP client settings.
	 * @return a new request factory
	 */
	public ClientHttpRequestFactory requestFactory() {
		ClientHttpRequestFactoryBuilder<?> builder = this.context.getBean(ClientHttpRequestFactoryBuilder.class);
		return builder.build(this.context.getBean(HttpClientSettings.class));
	}

	/**
	 * Return the registry Reset Guard's meters are published to.
	 * @return the meter registry
	 */
	public MeterRegistry meterRegistry() {
		return this.context.getBean(MeterRegistry.class);
	}

	/**
	 * Return the class names of the beans Reset Guard contributed, to check that a client is decorated.
	 * @return the class names, sorted
	 */
	public List<String> resetGuardBeanTypes() {
		return this.context.getBeansOfType(Object.class)
			.values()
			.stream()
			.map((bean) -> bean.getClass().getName())
			.filter((name) -> name.startsWith(RESET_GUARD_PACKAGE))
			.sorted()
			.toList();
	}

	/**
	 * Return a bean of the application.
	 * @param <T> the bean type
	 * @param type the bean type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static List<String> resetGuardAutoConfigurations() {
		return ImportCandidates.load(AutoConfiguration.class, BootClients.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith(RESET_GUARD_PACKAGE))
			.toList();
	}

	/**
	 * The application: auto-configuration and a meter registry to read Reset Guard's meters from.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
