package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring Boot application with every auto-configuration on the test class path (Reset Guard,
 * the actuator, WebFlux on Reactor Netty) listening on a free port, started through
 * {@link SpringApplication} so that environment post processors run as they do for users.
 */
final class ActuatorApp implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ConfigurableApplicationContext context;

	// Plain HTTP/1.1, without the h2c upgrade the JDK client would otherwise offer.
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final int port;

	private ActuatorApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Start the application with the given properties, as command-line arguments.
	 */
	static ActuatorApp start(String... properties) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new ActuatorApp(application.run(args.toArray(new String[0])));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	Response get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build());
	}

	Response delete(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).DELETE().build());
	}

	@Override
	public void close() {
		this.context.close();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private Response send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body());
	}

	/**
	 * A status code and a body.
	 */
	record Response(int status, String body) {

		DocumentContext json() {
			return JsonPath.parse(this.body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
