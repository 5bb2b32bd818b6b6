package dev.resetguard.reliability.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import javax.net.SocketFactory;

import dev.resetguard.ResetGuard;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret a request carries ends up anywhere Reset Guard writes: a URL with user info and a query
 * token, an {@code Authorization} header and a body, sent through RestClient, RestTemplate, WebClient
 * and {@code ResetGuard.call} over the decorated socket factory to a peer that resets every request
 * after its head. After each, the whole meter registry (every meter's name and tags, except the
 * {@code uri} tag of Spring's own {@code http.client.requests}, see {@link #isSpringClientUriTag}), the
 * {@code /actuator/resets} and {@code /actuator/health} JSON and the Prometheus scrape over real HTTP,
 * every log line (with {@code dev.resetguard} at DEBUG), and the message of every exception Reset
 * Guard created in the thrown chain are searched for the secrets.
 * <p>
 * Which exceptions are ours: the client libraries quote the URL in their own exceptions (Spring's
 * {@code ResourceAccessException}: "I/O error on PUT request for "http://user:pass@…?token=…"";
 * {@code WebClientRequestException} likewise), which Reset Guard hands back unchanged. An exception
 * counts as created by Reset Guard when its class is in {@code dev.resetguard}, or when the top frame
 * of its stack trace, the method that constructed it, is in {@code dev.resetguard} (a JDK exception
 * type our code instantiates). The chain is walked through causes and suppressed exceptions; each
 * failure's chain is written to {@code target/hardening/secrets-exception-chains.txt}, ours starred.
 * {@code SanitizedMessageTests} pins the stripping of user info, query and fragment from messages;
 * {@code ResetsEndpointHttpTests} a client that quotes the URL in the reset's own message.
 */
@ExtendWith({ ChaosServerExtension.class, OutputCaptureExtension.class })
class SecretsTests {

	private static final List<String> SECRETS = List.of("user:pass", "pass@", "token=SECRET", "SECRET-HEADER",
			"SECRET-BODY", "SECRET");

	private static final String AUTHORIZATION = "Bearer SECRET-HEADER";

	private static final String BODY = "{\"card\":\"SECRET-BODY\"}";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<String> REPORT = new ArrayList<>();

	private static RunningApplication app;

	private final List<Throwable> thrown = new ArrayList<>();

	@BeforeAll
	static void start() {
		app = RunningApplication.startWeb("management.endpoints.web.exposure.include=health,resets,prometheus",
				"management.endpoint.health.show-details=always", "logging.level.dev.resetguard=debug",
				"reset-guard.retry.max-attempts=2", "reset-guard.retry.initial-backoff=1ms",
				"reset-guard.retry.max-backoff=2ms");
	}

	@AfterAll
	static void stop() throws IOException {
		app.close();
		Path report = Path.of("target", "hardening", "secrets-exception-chains.txt");
		Files.createDirectories(report.getParent());
		Files.write(report, REPORT);
	}

	@BeforeEach
	void resetEveryRequest(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
	}

	@AfterEach
	void noSecretAnywhere(ChaosServer server, CapturedOutput output) throws Exception {
		assertThat(server.ledger().injectedCount()).as("resets injected").isPositive();
		assertThat(app.count("reset.guard.resets", "peer", peer(server))).as("resets recorded").isPositive();
		assertThat(this.thrown).as("calls that failed").isNotEmpty();
		for (Meter meter : app.registry().getMeters()) {
			String name = meter.getId().getName();
			assertNoSecret("meter " + name, name);
			for (Tag tag : meter.getId().getTags()) {
				if (!isSpringClientUriTag(name, tag)) {
					assertNoSecret("tag " + tag.getKey() + " of " + name, tag.getValue());
				}
			}
		}
		String resets = app.get("/actuator/resets").body();
		assertThat(resets).contains(peer(server));
		assertNoSecret("/actuator/resets", resets);
		String health = app.get("/actuator/health").body();
		assertThat(health).contains(peer(server));
		assertNoSecret("/actuator/health", health);
		for (String line : app.get("/actuator/prometheus").body().lines().toList()) {
			if (!line.startsWith("http_client_requests")) {
				assertNoSecret("/actuator/prometheus", line);
			}
		}
		assertThat(output.toString()).as("log").contains("Connection to " + peer(server) + " reset");
		for (String line : output.toString().lines().toList()) {
			assertNoSecret("log line", line);
		}
		for (Throwable failure : this.thrown) {
			for (Throwable throwable : chain(failure)) {
				if (createdByResetGuard(throwable)) {
					assertNoSecret("message of " + throwable.getClass().getName(), String.valueOf(throwable.getMessage()));
				}
			}
		}
	}

	/**
	 * Apache HttpClient 5 refuses a URL with user info before sending anything, so the same call is
	 * made again without it to meet real resets; both failures are searched.
	 */
	@Test
	void restClient(ChaosServer server) {
		RestClient client = app.bean(RestClient.Builder.class).build();
		for (String url : List.of(secretUrl(server), secretUrlWithoutUserInfo(server))) {
			call(() -> client.put()
				.uri(url)
				.header(HttpHeaders.AUTHORIZATION, AUTHORIZATION)
				.body(BODY)
				.retrieve()
				.toBodilessEntity());
		}
	}

	/**
	 * As {@link #restClient}: the URL with user info is refused by Apache HttpClient 5 before it is
	 * sent, the one without meets real resets.
	 */
	@Test
	void restTemplate(ChaosServer server) {
		RestTemplate template = app.bean(RestTemplateBuilder.class).build();
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.AUTHORIZATION, AUTHORIZATION);
		for (String url : List.of(secretUrl(server), secretUrlWithoutUserInfo(server))) {
			call(() -> template.exchange(url, HttpMethod.PUT, new HttpEntity<>(BODY, headers), String.class));
		}
	}

	@Test
	void webClient(ChaosServer server) {
		WebClient client = app.bean(WebClient.Builder.class).build();
		call(() -> client.put()
			.uri(secretUrl(server))
			.header(HttpHeaders.AUTHORIZATION, AUTHORIZATION)
			.bodyValue(BODY)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
	}

	@Test
	void resetGuardCallOverTheSocketFactory(ChaosServer server) {
		ResetGuard guard = app.bean(ResetGuard.class);
		SocketFactory factory = app.bean("resetGuardSocketFactory", SocketFactory.class);
		call(() -> guard.call(peer(server), () -> put(factory, server)));
	}

	private void call(Callable<?> call) {
		try {
			call.call();
		}
		catch (Exception ex) {
			this.thrown.add(ex);
			REPORT.add(ex.getClass().getName() + " <- " + chain(ex).stream()
				.map((throwable) -> throwable.getClass().getSimpleName() + (createdByResetGuard(throwable) ? "*" : ""))
				.toList());
		}
	}

	/** A PUT with the secrets in its request line, header and body, on a raw socket. */
	private static String put(SocketFactory factory, ChaosServer server) throws IOException {
		try (Socket socket = factory.createSocket(server.host(), server.port())) {
			byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
			OutputStream output = socket.getOutputStream();
			output.write(("PUT /path?token=SECRET HTTP/1.1\r\nHost: " + peer(server) + "\r\nAuthorization: "
					+ AUTHORIZATION + "\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			output.write(body);
			output.flush();
			InputStream input = socket.getInputStream();
			return new String(input.readNBytes(2), StandardCharsets.US_ASCII);
		}
	}

	private static String secretUrl(ChaosServer server) {
		return "http://user:pass@" + peer(server) + "/path?token=SECRET";
	}

	private static String secretUrlWithoutUserInfo(ChaosServer server) {
		return "http://" + peer(server) + "/path?token=SECRET";
	}

	/**
	 * Spring's own client observations tag {@code http.client.requests} (and its {@code .active} long
	 * task timer, {@code http_client_requests_*} in the scrape) with the URI template, and a
	 * URL given as a plain string is its own template, query included. That meter is Spring Boot's,
	 * not Reset Guard's; applications keep secrets out of it with URI variables
	 * ({@code uri("/path?token={token}", token)}).
	 */
	private static boolean isSpringClientUriTag(String meter, Tag tag) {
		return meter.startsWith("http.client.requests") && "uri".equals(tag.getKey());
	}

	private static boolean createdByResetGuard(Throwable throwable) {
		if (throwable.getClass().getName().startsWith("dev.resetguard.")) {
			return true;
		}
		StackTraceElement[] stack = throwable.getStackTrace();
		return stack.length > 0 && stack[0].getClassName().startsWith("dev.resetguard.");
	}

	private static List<Throwable> chain(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> pending = new ArrayList<>(List.of(failure));
		List<Throwable> chain = new ArrayList<>();
		while (!pending.isEmpty()) {
			Throwable next = pending.remove(pending.size() - 1);
			if (next != null && seen.add(next)) {
				chain.add(next);
				pending.add(next.getCause());
				pending.addAll(List.of(next.getSuppressed()));
			}
		}
		return chain;
	}

	private static void assertNoSecret(String where, String text) {
		for (String secret : SECRETS) {
			assertThat(text).as("%s", where).doesNotContain(secret);
		}
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
