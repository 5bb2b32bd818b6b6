package dev.resetguard.reliability.hardening;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A user's application: every auto-configuration on the class path (the Reset Guard starter, the
 * actuator, Spring MVC on Tomcat, the RestClient and WebClient starters), started through
 * {@link SpringApplication} so that environment post processors and failure analyzers run as they do
 * for users. A servlet application listens on a free port.
 */
final class RunningApplication implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ConfigurableApplicationContext context;

	// Plain HTTP/1.1, without the h2c upgrade the JDK client would otherwise offer.
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start an application without a web server.
	 * @param properties {@code name=value} pairs, as command-line arguments
	 * @return the running application
	 */
	static RunningApplication start(String... properties) {
		return start(WebApplicationType.NONE, properties);
	}

	/**
	 * Start a servlet web application on a free port.
	 * @param properties {@code name=value} pairs, as command-line arguments
	 * @return the running application
	 */
	static RunningApplication startWeb(String... properties) {
		return start(WebApplicationType.SERVLET, properties);
	}

	private static RunningApplication start(WebApplicationType type, String... properties) {
		SpringApplication application = new SpringApplication(UserApplication.class);
		application.setWebApplicationType(type);
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--spring.main.banner-mode=off", "--spring.main.log-startup-info=false"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new RunningApplication(application.run(args.toArray(new String[0])));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	MeterRegistry registry() {
		return bean(MeterRegistry.class);
	}

	/**
	 * Return the sum of a counter over every tag combination.
	 */
	double count(String meter, String... tags) {
		return registry().find(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
	}

	HttpResponse<String> delete(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).DELETE().build());
	}

	@Override
	public void close() {
		this.context.close();
	}

	private URI uri(String path) {
		int port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UserApplication {

	}

}
