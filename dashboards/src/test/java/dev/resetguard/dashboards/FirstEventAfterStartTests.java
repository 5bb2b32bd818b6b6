package dev.resetguard.dashboards;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.resetguard.ResetGuard;
import dev.resetguard.dashboards.PrometheusServer.ApiAnswer;
import dev.resetguard.forensics.PeerKey;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Issue 15: with a real Prometheus scraping an application from before its first reset, the first call
 * that exhausts its retries is seen by {@code increase()} and makes the alert on it pending. A counter
 * born at its first value has no earlier sample, so {@code increase()} never sees it: the test passes
 * only because a peer's call outcomes are registered at zero when it is first seen.
 */
class FirstEventAfterStartTests {

	private static final Duration DATA_TIMEOUT = Duration.ofSeconds(60);

	private static final String EXHAUSTED = "reset_guard_calls_total{client=\"programmatic\", outcome=\"exhausted\"}";

	@Test
	void firstExhaustedCallAfterStartIsSeenByIncreaseAndTheAlert(@TempDir Path directory) throws Exception {
		ExternalTool.PROMETHEUS.path();
		try (ChaosServer peer = ChaosServer.start();
				ConfigurableApplicationContext application = QuietApplication.run();
				PrometheusServer prometheus = PrometheusServer.start(directory,
						"127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"),
						ModuleFiles.ALERT_RULES)) {
			ResetGuard resetGuard = application.getBean(ResetGuard.class);
			String peerKey = PeerKey.of(peer.host(), peer.port());
			URI url = URI.create(peer.url("/first"));
			assertThat(get(resetGuard, peerKey, url)).isEqualTo(200);
			await(prometheus, "reset_guard_calls_total{client=\"programmatic\", outcome=\"success\"} == 1",
					(answer) -> !answer.series().isEmpty());
			peer.always(Toxic.resetAfterRequestHead());
			assertThatException().isThrownBy(() -> get(resetGuard, peerKey, url));
			await(prometheus, EXHAUSTED + " == 1", (answer) -> !answer.series().isEmpty());
			ApiAnswer increase = prometheus.query("sum(increase(" + EXHAUSTED + "[2m])) > 0");
			assertThat(increase.error()).isNull();
			assertThat(increase.series()).as("increase() of the first exhausted call; %s",
					prometheus.query(EXHAUSTED + "[2m]").data()).hasSize(1);
			await(prometheus, "ALERTS{alertname=\"ResetGuardRetriesExhausted\"}",
					(answer) -> answer.series().stream().anyMatch(FirstEventAfterStartTests::isActive));
		}
	}

	private static boolean isActive(JsonNode series) {
		return List.of("pending", "firing").contains(series.path("metric").path("alertstate").asString());
	}

	private static int get(ResetGuard resetGuard, String peer, URI url) throws Exception {
		return resetGuard.call(peer, () -> {
			HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
			// No keep-alive, so that no attempt meets a connection an earlier one left behind.
			connection.setRequestProperty("Connection", "close");
			try {
				return connection.getResponseCode();
			}
			finally {
				connection.disconnect();
			}
		});
	}

	private static void await(PrometheusServer prometheus, String expression, Predicate<ApiAnswer> condition)
			throws InterruptedException, IOException {
		long deadline = System.nanoTime() + DATA_TIMEOUT.toNanos();
		ApiAnswer answer = prometheus.query(expression);
		while (!condition.test(answer)) {
			assertThat(System.nanoTime() - deadline).as("%s never held; last answer %s %s; Prometheus log:%n%s",
					expression, answer.data(), answer.error(), prometheus.log()).isNegative();
			Thread.sleep(200);
			answer = prometheus.query(expression);
		}
	}

	/**
	 * An application with Reset Guard, the actuator and Prometheus export, and no traffic of its own.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class QuietApplication {

		static ConfigurableApplicationContext run() {
			return new SpringApplicationBuilder(QuietApplication.class)
				.properties("spring.main.banner-mode=off", "server.address=127.0.0.1", "server.port=0",
						"management.endpoints.web.exposure.include=prometheus",
						"management.metrics.tags.application=first-event", "reset-guard.retry.initial-backoff=5ms",
						"reset-guard.retry.max-backoff=20ms")
				.run();
		}

	}

}
