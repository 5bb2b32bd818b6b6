package dev.resetguard.tracing.zipkin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, with a real tracing backend: an application with the starter, Micrometer Tracing over Brave
 * and Boot's Zipkin reporter makes calls that the chaos server resets, each under an observation of its
 * own, and every trace is read back from a real Zipkin server's HTTP API. A recovered call is one trace
 * whose {@code http get} span carries an annotation per reset (phase, cause, attempt, local port, decision),
 * the attempts and the outcome as tags, and a child span for each backoff or ride-through wait. Each
 * trace, as Zipkin returned it, is written to {@code target/zipkin/<scenario>.json}.
 */
class ZipkinTraceTests {

	private static final Logger logger = LoggerFactory.getLogger(ZipkinTraceTests.class);

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(20);

	private static final Path OUTPUT = Path.of(System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar"))
		.getParent();

	private static ZipkinServer zipkin;

	private static ChaosServer upstream;

	private static ConfigurableApplicationContext application;

	private static final List<ResetEvent> resets = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		long start = System.nanoTime();
		zipkin = ZipkinServer.start(OUTPUT.resolve("zipkin-server.jar"), OUTPUT.resolve("zipkin-server.log"));
		logger.info("Zipkin server (PID {}) healthy after {} ms", zipkin.pid(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		upstream = ChaosServer.start();
		application = new SpringApplicationBuilder(TracedApplication.class).web(WebApplicationType.NONE)
			.properties(Map.of("spring.application.name", "reset-guard-e2e", "management.tracing.sampling.probability",
					"1.0", "management.tracing.export.zipkin.endpoint", zipkin.spansEndpoint(),
					"reset-guard.retry.max-attempts", "4", "reset-guard.retry.initial-backoff", "50ms",
					"reset-guard.retry.jitter", "0"))
			.run();
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (application != null) {
				application.close();
			}
			if (upstream != null) {
				upstream.close();
			}
		}
		finally {
			if (zipkin != null) {
				zipkin.close();
			}
		}
	}

	@BeforeEach
	void heal() {
		upstream.heal();
		resets.clear();
	}

	@Test
	void restClientCallResetAfterItsRequestIsOneTraceWithTheResetAndTheBackoff() throws Exception {
		upstream.next(1, Toxic.resetAfterRequestHead());
		RestClient client = application.getBean(RestClient.Builder.class).build();
		String traceId = traced("rest-client-reset",
				() -> client.get().uri(upstream.url("/item")).retrieve().body(String.class));
		Trace trace = readTrace("rest-client-reset", traceId, (read) -> read.named("reset.guard.backoff") != null);
		assertRecoveredAfterOneReset(trace, "rest-client");
	}

	@Test
	void webClientCallResetAfterItsRequestIsOneTraceWithTheResetAndTheBackoff() throws Exception {
		upstream.next(1, Toxic.resetAfterRequestHead());
		WebClient client = application.getBean(WebClient.Builder.class).build();
		ObservationRegistry registry = application.getBean(ObservationRegistry.class);
		String traceId = traced("web-client-reset",
				() -> client.get().uri(upstream.url("/item")).retrieve().bodyToMono(String.class)
					.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY,
							registry.getCurrentObservation()))
					.block(Duration.ofSeconds(10)));
		Trace trace = readTrace("web-client-reset", traceId, (read) -> read.named("reset.guard.backoff") != null);
		assertRecoveredAfterOneReset(trace, "web-client");
	}

	@Test
	void restClientCallThroughARestartIsOneTraceWithItsRideThrough() throws Exception {
		RestClient client = application.getBean(RestClient.Builder.class).build();
		// The restart resets the call in flight, then the port refuses connections: the retry rides through.
		CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
			sleep(Duration.ofMillis(300));
			upstream.restart(Duration.ofMillis(800)).join();
		});
		String traceId = traced("rest-client-restart",
				() -> client.get().uri(upstream.url("/delay/1000")).retrieve().body(String.class));
		restarted.get(10, TimeUnit.SECONDS);
		Trace trace = readTrace("rest-client-restart", traceId,
				(read) -> read.named("reset.guard.ride-through") != null);
		Map<String, Object> call = trace.named("http get");
		assertThat(tags(call)).containsEntry("reset.guard.outcome", "recovered");
		assertThat(Integer.parseInt(tags(call).get("reset.guard.attempts"))).isGreaterThanOrEqualTo(2);
		assertThat(trace.named("reset.guard.ride-through")).containsEntry("parentId", call.get("id"));
		List<String> annotations = annotations(call);
		assertThat(annotations).isNotEmpty();
		assertThat(annotations).as("each reset as Reset Guard published it").hasSameSizeAs(resets);
		for (int i = 0; i < annotations.size(); i++) {
			ResetEvent reset = resets.get(i);
			assertThat(annotations.get(i)).startsWith("reset phase=" + reset.phase().tagValue() + " cause="
					+ reset.cause().tagValue() + " attempt=" + reset.attempt());
		}
	}

	private static void assertRecoveredAfterOneReset(Trace trace, String client) {
		Map<String, Object> call = trace.named("http get");
		assertThat(tags(call)).containsEntry("reset.guard.attempts", "2").containsEntry("reset.guard.outcome", "recovered");
		assertThat(annotations(call)).singleElement().satisfies((annotation) -> assertThat(annotation)
			.startsWith("reset phase=awaiting-response cause=request-rejected attempt=1 local-port=")
			.endsWith(" decision=retried backoff=50ms"));
		Map<String, Object> backoff = trace.named("reset.guard.backoff");
		assertThat(backoff).containsEntry("parentId", call.get("id"));
		assertThat(tags(backoff)).containsEntry("client", client).containsEntry("attempt", "2");
		assertThat(((Number) backoff.get("duration")).longValue()).as("backoff duration in µs")
			.isGreaterThanOrEqualTo(40_000);
	}

	/**
	 * Run a call under an observation of its own, so that it makes a trace of its own.
	 */
	private static String traced(String scenario, Call call) throws Exception {
		ObservationRegistry registry = application.getBean(ObservationRegistry.class);
		Tracer tracer = application.getBean(Tracer.class);
		return Observation.createNotStarted("reset.guard.e2e", registry)
			.contextualName("e2e " + scenario)
			.observeChecked(() -> {
				assertThat(call.run()).isNotNull();
				return tracer.currentSpan().context().traceId();
			});
	}

	private static Trace readTrace(String scenario, String traceId, Predicate<Trace> complete) throws Exception {
		long start = System.nanoTime();
		long deadline = start + TRACE_TIMEOUT.toNanos();
		while (true) {
			String json = zipkin.trace(traceId);
			Trace trace = (json != null) ? new Trace(json) : null;
			// Spans are reported as each ends, the caller's last.
			if (trace != null && trace.named("e2e " + scenario) != null && complete.test(trace)) {
				Files.writeString(OUTPUT.resolve(scenario + ".json"), json, StandardCharsets.UTF_8);
				logger.info("Trace {} of {} read back from Zipkin after {} ms: {}", traceId, scenario,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), json);
				assertThat(trace.spans()).allSatisfy((span) -> assertThat(span).containsEntry("traceId", traceId));
				return trace;
			}
			assertThat(System.nanoTime() - deadline).as("trace %s of %s complete in Zipkin within %s: %s", traceId,
					scenario, TRACE_TIMEOUT, json).isNegative();
			Thread.sleep(200);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> tags(Map<String, Object> span) {
		return (Map<String, String>) span.getOrDefault("tags", Map.of());
	}

	@SuppressWarnings("unchecked")
	private static List<String> annotations(Map<String, Object> span) {
		List<Map<String, Object>> annotations = (List<Map<String, Object>>) span.getOrDefault("annotations", List.of());
		return annotations.stream().map((annotation) -> (String) annotation.get("value")).toList();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A call of a scenario.
	 */
	@FunctionalInterface
	private interface Call {

		Object run() throws Exception;

	}

	/**
	 * A trace as Zipkin's API returns it: a JSON array of spans.
	 */
	private record Trace(List<Map<String, Object>> spans) {

		Trace(String json) {
			this(JsonPath.<List<Map<String, Object>>>read(json, "$"));
		}

		// Exactly one span of the name, or none yet.
		Map<String, Object> named(String name) {
			List<Map<String, Object>> named = this.spans.stream().filter((span) -> name.equals(span.get("name"))).toList();
			assertThat(named).as("spans named %s", name).hasSizeLessThanOrEqualTo(1);
			return named.isEmpty() ? null : named.get(0);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TracedApplication {

		@Bean
		ResetEventListener publishedResets() {
			return resets::add;
		}

	}

}
