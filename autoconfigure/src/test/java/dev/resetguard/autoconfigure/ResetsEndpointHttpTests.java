package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.List;
import java.util.Map;

import javax.net.SocketFactory;

import com.jayway.jsonpath.DocumentContext;
import dev.resetguard.ResetGuard;
import dev.resetguard.autoconfigure.ActuatorApp.Response;
import dev.resetguard.observe.ResetLog;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The {@code resets} endpoint as an HTTP client sees it, in a running application with connections
 * reset for real by the chaos server.
 */
@ExtendWith({ ChaosServerExtension.class, OutputCaptureExtension.class })
class ResetsEndpointHttpTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,resets";

	@Test
	void notExposedOverHttpByDefault() throws Exception {
		try (ActuatorApp app = ActuatorApp.start()) {
			assertThat(app.get("/actuator/resets").status()).isEqualTo(404);
			assertThat(app.delete("/actuator/resets").status()).isEqualTo(404);
		}
	}

	@Test
	void readShowsEveryPeerAndTheLastResetsWithTheirConnectionFacts(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "reset-guard.retry.initial-backoff=1ms")) {
			server.next(1, Toxic.resetAfterRequestHead());
			SocketFactory factory = app.bean("resetGuardSocketFactory", SocketFactory.class);
			assertThatIOException().isThrownBy(() -> RawHttp.get(factory, server));
			server.next(1, Toxic.resetAfterRequestHead());
			assertThat(app.bean(ResetGuard.class).call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server)))
				.isEqualTo("ok");
			Response response = app.get("/actuator/resets");
			assertThat(response.status()).isEqualTo(200);
			DocumentContext json = response.json();
			Map<String, Object> peer = json.read("$.peers['" + peer(server) + "']");
			assertThat(peer).containsEntry("status", "UP")
				.containsEntry("calls", 1)
				.containsEntry("resets", 2)
				.containsEntry("ratio", 2.0)
				.containsEntry("causes", Map.of("request-rejected", 1, "unknown", 1))
				.containsEntry("dominantCause", "request-rejected")
				.containsKeys("lastReset", "advice");
			List<Map<String, Object>> events = json.read("$.events");
			assertThat(events).hasSize(2);
			assertThat(events.get(0)).containsOnlyKeys("time", "client", "peer", "phase", "cause", "exception", "message",
					"attempt", "outcome")
				.containsEntry("client", "programmatic")
				.containsEntry("outcome", "retried");
			assertThat(events.get(1)).containsEntry("client", "socket")
				.containsEntry("peer", peer(server))
				.containsEntry("phase", "awaiting-response")
				.containsEntry("cause", "request-rejected")
				.containsEntry("exception", "SocketException")
				.containsEntry("message", "Connection reset")
				.containsEntry("remoteAddress", server.address().getAddress().getHostAddress() + ":" + server.port())
				.containsEntry("idleTime", "PT0S")
				.containsEntry("bytesReceived", 0)
				.containsEntry("attempt", 1)
				.doesNotContainKey("outcome");
			assertThat((String) events.get(1).get("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			assertThat((String) events.get(1).get("localAddress")).matches(".+:\\d+");
			assertThat((String) events.get(1).get("connectionAge")).startsWith("PT");
			assertThat((Integer) events.get(1).get("bytesSent")).isPositive();
		}
	}

	@Test
	void deleteClearsPeersAndEvents(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "reset-guard.retry.max-attempts=1")) {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThatIOException()
				.isThrownBy(() -> app.bean(ResetGuard.class).call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server)));
			assertThat(list(app.get("/actuator/resets").json(), "$.events")).hasSize(1);
			assertThat(app.delete("/actuator/resets").status()).isEqualTo(204);
			DocumentContext json = app.get("/actuator/resets").json();
			assertThat(map(json, "$.peers")).isEmpty();
			assertThat(list(json, "$.events")).isEmpty();
		}
	}

	@Test
	void deleteAlsoClearsTheHealthWindowAsTheEndpointReferenceSays(ChaosServer server) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "management.endpoint.health.show-details=always",
				"reset-guard.retry.max-attempts=1")) {
			server.always(Toxic.resetAfterRequestHead());
			for (int call = 0; call < 10; call++) {
				assertThatIOException().isThrownBy(() -> app.bean(ResetGuard.class)
					.call(peer(server), () -> RawHttp.get(SocketFactory.getDefault(), server)));
			}
			assertThat(app.get("/actuator/health").json().read("$.status", String.class)).isEqualTo("DOWN");
			assertThat(app.delete("/actuator/resets").status()).isEqualTo(204);
			// docs/reference/endpoint.md: the window is shared, so the peer shows UP until new calls arrive.
			assertThat(app.get("/actuator/health").json().read("$.status", String.class)).isEqualTo("UP");
		}
	}

	@Test
	void controlCharactersAndCredentialsInResetMessagesReachNoEndpointHealthOrLogUnescaped(ChaosServer server,
			CapturedOutput output) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "management.endpoint.health.show-details=always",
				"reset-guard.retry.max-attempts=1")) {
			server.always(Toxic.resetAfterRequestHead());
			// The reset is real; the message a library wraps it in is ours, as no peer can put a line break into it.
			assertThatIOException().isThrownBy(() -> app.bean(ResetGuard.class).call(peer(server), () -> {
				try {
					return RawHttp.get(SocketFactory.getDefault(), server);
				}
				catch (SocketException ex) {
					throw new SocketException("Connection reset by peer\r\n2026-03-01 INFO FORGED via admin:s3cret@db:5432"
							+ " and jdbc:sqlserver://db:1433;password=hunter2;encrypt=true");
				}
			}));
			String endpoint = app.get("/actuator/resets").body();
			String health = app.get("/actuator/health").body();
			for (String text : List.of(endpoint, health, output.toString())) {
				assertThat(text).doesNotContain("s3cret").doesNotContain("hunter2").doesNotContain("\n2026-03-01 INFO FORGED");
			}
			assertThat(endpoint).contains("Connection reset by peer\\\\r\\\\n2026-03-01 INFO FORGED via db:5432");
			assertThat(output).contains("Connection reset by peer\\r\\n2026-03-01 INFO FORGED via db:5432");
		}
	}

	@Test
	void urlSecretsInResetMessagesReachNoEndpointHealthOrLog(ChaosServer server, CapturedOutput output)
			throws Exception {
		String secretUrl = "http://user:pass@" + peer(server) + "/orders?token=SECRET#fragment";
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "management.endpoint.health.show-details=always",
				"reset-guard.retry.max-attempts=1", "logging.level.dev.resetguard=debug")) {
			server.always(Toxic.resetAfterRequestHead());
			ResetGuard guard = app.bean(ResetGuard.class);
			// A client that quotes the URL in its reset message, and one that wraps the reset in an exception that does.
			assertThatIOException().isThrownBy(() -> guard.call(peer(server), () -> {
				try {
					return RawHttp.get(SocketFactory.getDefault(), server);
				}
				catch (SocketException ex) {
					throw new SocketException("Connection reset by peer while calling " + secretUrl);
				}
			}));
			assertThatException().isThrownBy(() -> guard.call(peer(server), () -> {
				try {
					return RawHttp.get(SocketFactory.getDefault(), server);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("I/O error on GET request for \"" + secretUrl + "\"", ex);
				}
			}));
			String endpoint = app.get("/actuator/resets").body();
			String health = app.get("/actuator/health").body();
			assertThat(endpoint).contains("Connection reset by peer while calling http://" + peer(server) + "/orders\"");
			for (String text : List.of(endpoint, health, output.toString())) {
				assertThat(text).doesNotContain("SECRET").doesNotContain("user:pass").doesNotContain("fragment");
			}
			assertThat(output).contains("Connection reset by peer while calling http://" + peer(server) + "/orders");
		}
	}

	@Test
	void tenThousandPeersStayWithinThePeerAndEventLimits(CapturedOutput output) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(EXPOSED, "management.endpoint.health.show-details=always",
				"reset-guard.retry.max-attempts=1", "reset-guard.events.capacity=64")) {
			ResetGuard guard = app.bean(ResetGuard.class);
			// The limits do not depend on where resets come from, so these need not come from the network.
			for (int peer = 0; peer < 10_000; peer++) {
				String name = "peer-" + peer + ".internal:443";
				assertThatIOException().isThrownBy(() -> guard.call(name, () -> {
					throw new SocketException("Connection reset");
				}));
			}
			DocumentContext resets = app.get("/actuator/resets").json();
			assertThat(map(resets, "$.peers")).hasSize(101).containsKey("other");
			assertThat(resets.read("$.peers.other.calls", Integer.class)).isEqualTo(9_900);
			assertThat(list(resets, "$.events")).hasSize(64);
			assertThat(map(app.get("/actuator/health").json(), "$.components.resetGuard.details.peers"))
				.hasSize(101);
			assertThat(app.bean(ResetLog.class).peerStates()).isEqualTo(101);
			assertThat(output.getOut().lines().filter((line) -> line.contains(".internal:443 reset (client programmatic")))
				.hasSize(100 + ResetLog.DEFAULT_LINES_PER_INTERVAL);
		}
	}

	private static Map<String, Object> map(DocumentContext json, String path) {
		return json.read(path);
	}

	private static List<Object> list(DocumentContext json, String path) {
		return json.read(path);
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
