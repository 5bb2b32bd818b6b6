package dev.resetguard.autoconfigure;

import java.util.Map;

import javax.net.SocketFactory;

import com.jayway.jsonpath.DocumentContext;
import dev.resetguard.ResetGuard;
import dev.resetguard.autoconfigure.ActuatorApp.Response;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The {@code resetGuard} health component as an HTTP client sees it, in a running application with
 * calls reset for real by the chaos server.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardHealthHttpTests {

	private static final String SHOW_DETAILS = "management.endpoint.health.show-details=always";

	private static final String ONE_ATTEMPT = "reset-guard.retry.max-attempts=1";

	@Test
	void upWithEveryActivePeerAsDetails(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS)) {
			calls(app, server, 12);
			Response response = app.get("/actuator/health");
			assertThat(response.status()).isEqualTo(200);
			DocumentContext json = response.json();
			assertThat(json.read("$.status", String.class)).isEqualTo("UP");
			assertThat(json.read("$.components.resetGuard.status", String.class)).isEqualTo("UP");
			assertThat(json.read("$.components.resetGuard.details.window", String.class)).isEqualTo("PT1M");
			Map<String, Object> peer = json.read("$.components.resetGuard.details.peers['" + peer(server) + "']");
			assertThat(peer).containsExactlyInAnyOrderEntriesOf(
					Map.of("status", "UP", "calls", 12, "resets", 0, "ratio", 0.0, "causes", Map.of()));
		}
	}

	@Test
	void degradedAnswers200AndIsTheOverallStatus(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS, ONE_ATTEMPT)) {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThatIOException().isThrownBy(() -> call(app, server));
			calls(app, server, 19);
			Response response = app.get("/actuator/health");
			assertThat(response.status()).isEqualTo(200);
			DocumentContext json = response.json();
			assertThat(json.read("$.status", String.class)).isEqualTo("DEGRADED");
			String peer = "$.components.resetGuard.details.peers['" + peer(server) + "']";
			assertThat(json.read(peer + ".status", String.class)).isEqualTo("DEGRADED");
			assertThat(json.read(peer + ".calls", Integer.class)).isEqualTo(20);
			assertThat(json.read(peer + ".resets", Integer.class)).isEqualTo(1);
			assertThat(json.read(peer + ".ratio", Double.class)).isEqualTo(0.05);
			assertThat(json.read(peer + ".dominantCause", String.class)).isEqualTo("unknown");
			assertThat(map(json, peer + ".causes")).isEqualTo(Map.of("unknown", 1));
			assertThat(json.read(peer + ".lastReset", String.class)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			assertThat(json.read(peer + ".advice", String.class)).startsWith("cause unknown");
		}
	}

	@Test
	void downAnswers503(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS, ONE_ATTEMPT)) {
			server.always(Toxic.resetAfterRequestHead());
			for (int call = 0; call < 10; call++) {
				assertThatIOException().isThrownBy(() -> call(app, server));
			}
			Response response = app.get("/actuator/health");
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.json().read("$.status", String.class)).isEqualTo("DOWN");
			assertThat(app.get("/actuator/health/resetGuard").status()).isEqualTo(503);
		}
	}

	@Test
	void livenessAndReadinessLeaveTheIndicatorOut(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS, ONE_ATTEMPT,
				"management.endpoint.health.probes.enabled=true")) {
			server.always(Toxic.resetAfterRequestHead());
			for (int call = 0; call < 10; call++) {
				assertThatIOException().isThrownBy(() -> call(app, server));
			}
			assertThat(app.get("/actuator/health").status()).isEqualTo(503);
			for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
				Response response = app.get(probe);
				assertThat(response.status()).as(probe).isEqualTo(200);
				assertThat(response.body()).as(probe).doesNotContain("resetGuard");
			}
		}
	}

	@Test
	void readinessIncludesTheIndicatorWhenToldToAndFailsOnlyWhenItIsDown(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(ONE_ATTEMPT, "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,resetGuard")) {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThatIOException().isThrownBy(() -> call(app, server));
			calls(app, server, 9);
			Response degraded = app.get("/actuator/health/readiness");
			assertThat(degraded.status()).isEqualTo(200);
			assertThat(degraded.json().read("$.status", String.class)).isEqualTo("DEGRADED");
			server.always(Toxic.resetAfterRequestHead());
			for (int call = 0; call < 10; call++) {
				assertThatIOException().isThrownBy(() -> call(app, server));
			}
			assertThat(app.get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(app.get("/actuator/health/liveness").status()).isEqualTo(200);
		}
	}

	@Test
	void applicationStatusOrderWithoutDegradedLeavesItOutOfTheOverallStatus(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS, ONE_ATTEMPT,
				"management.endpoint.health.status.order=DOWN,OUT_OF_SERVICE,UP,UNKNOWN")) {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThatIOException().isThrownBy(() -> call(app, server));
			calls(app, server, 9);
			DocumentContext json = app.get("/actuator/health").json();
			assertThat(json.read("$.components.resetGuard.status", String.class)).isEqualTo("DEGRADED");
			assertThat(json.read("$.status", String.class)).isEqualTo("UP");
		}
	}

	@Test
	void switchedOffByItsManagementHealthProperty() throws Exception {
		try (ActuatorApp app = ActuatorApp.start(SHOW_DETAILS, "management.health.resetguard.enabled=false")) {
			assertThat(app.get("/actuator/health").body()).doesNotContain("resetGuard");
			assertThat(app.get("/actuator/health/resetGuard").status()).isEqualTo(404);
		}
	}

	private static void calls(ActuatorApp app, ChaosServer server, int count) throws Exception {
		for (int call = 0; call < count; call++) {
			assertThat(call(app, server)).isEqualTo("ok");
		}
	}

	private static String call(ActuatorApp app, ChaosServer server) throws Exception {
		return app.bean(ResetGuard.class).call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server));
	}

	private static Map<String, Object> map(DocumentContext json, String path) {
		return json.read(path);
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
