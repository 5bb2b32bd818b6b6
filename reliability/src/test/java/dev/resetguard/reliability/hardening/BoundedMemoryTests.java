package dev.resetguard.reliability.hardening;

import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.observe.ResetLog;
import dev.resetguard.observe.ResetStatistics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With 10,000 distinct peers, every per-peer structure stays bounded: the {@code peer} tag takes at
 * most {@code metrics.max-peers} + 1 values across every meter in the registry, the health windows
 * and the log's rate limits as many, the recent events {@code events.capacity}, and adaptive idle's
 * learned table {@code metrics.max-peers} (the starter passes that limit to the policy; peers beyond
 * it are not learned).
 * <p>
 * Loopback offers no 10,000 hosts, so the 10,000 peers are driven through the library's own entry
 * points as the starter wires them: the {@link ResetRecorder} bean (classification included), every
 * {@link ResetEventListener} and {@link CallOutcomeListener} bean (what the recorder and the retry
 * loops hand each reset and call to), and the {@link ResetGuardMetrics} bean for retries and
 * prevented resets. Three real peers come first, reset for real through the auto-configured
 * RestClient, to show the same structures fill from the network. The limits of each structure in
 * isolation are pinned by {@code PeerTagLimiterTests}, {@code ResetStatisticsTests},
 * {@code RecentResetsTests}, {@code AdaptiveIdlePolicyTests} and {@code ResetLogTests}, and by
 * {@code ResetsEndpointHttpTests} for 10,000 programmatic calls.
 */
class BoundedMemoryTests {

	private static final int MAX_PEERS = 50;

	private static final int EVENTS = 64;

	private static final int PEERS = 10_000;

	@Test
	void tenThousandPeersStayWithinEveryLimit() throws Exception {
		try (RunningApplication app = RunningApplication.startWeb("management.endpoints.web.exposure.include=health,resets",
				"management.endpoint.health.show-details=always", "reset-guard.metrics.max-peers=" + MAX_PEERS,
				"reset-guard.events.capacity=" + EVENTS, "reset-guard.retry.initial-backoff=1ms",
				"reset-guard.retry.max-backoff=2ms")) {
			List<String> realPeers = resetThreeRealPeers(app);
			driveSyntheticPeers(app);

			Map<String, Set<String>> peerTags = peerTagValuesByMeter(app);
			assertThat(peerTags).containsKeys("reset.guard.resets", "reset.guard.retries", "reset.guard.calls",
					"reset.guard.connection.idle", "reset.guard.prevented");
			peerTags.forEach((meter, values) -> assertThat(values).as("peer tag values of %s", meter)
				.hasSizeLessThanOrEqualTo(MAX_PEERS + 1));
			Set<String> allValues = new TreeSet<>();
			peerTags.values().forEach(allValues::addAll);
			assertThat(allValues).hasSize(MAX_PEERS + 1).contains("other").containsAll(realPeers);

			DocumentContext resets = JsonPath.parse(app.get("/actuator/resets").body());
			Map<String, Object> endpointPeers = resets.read("$.peers");
			assertThat(endpointPeers).hasSize(MAX_PEERS + 1).containsKey("other").containsKeys(realPeers.toArray(new String[0]));
			List<Object> events = resets.read("$.events");
			assertThat(events).hasSize(EVENTS);
			Map<String, Object> healthPeers = JsonPath.parse(app.get("/actuator/health").body())
				.read("$.components.resetGuard.details.peers");
			assertThat(healthPeers).hasSize(MAX_PEERS + 1);
			assertThat(app.bean(ResetStatistics.class).windows()).isEqualTo(MAX_PEERS + 1);
			assertThat(app.bean(ResetLog.class).peerStates()).isLessThanOrEqualTo(MAX_PEERS + 1);
			// Every synthetic peer had a stale reset to learn from; the registry keeps max-peers of them.
			assertThat(app.bean(AdaptiveIdlePolicy.class).learnedIdleTimeouts()).hasSize(MAX_PEERS);
		}
	}

	private static List<String> resetThreeRealPeers(RunningApplication app) {
		List<ChaosServer> servers = List.of(ChaosServer.start(), ChaosServer.start(), ChaosServer.start());
		try {
			for (ChaosServer server : servers) {
				server.next(1, Toxic.resetAfterRequestHead());
				RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(server.ledger().injectedCount()).isEqualTo(1);
			}
			List<String> peers = servers.stream().map((server) -> server.host() + ":" + server.port()).toList();
			for (String peer : peers) {
				assertThat(app.count("reset.guard.resets", "peer", peer, "client", "rest-client")).isEqualTo(1);
			}
			return peers;
		}
		finally {
			servers.forEach(ChaosServer::close);
		}
	}

	private static void driveSyntheticPeers(RunningApplication app) {
		ResetRecorder recorder = app.bean(ResetRecorder.class);
		ResetGuardMetrics metrics = app.bean(ResetGuardMetrics.class);
		List<ResetEventListener> resetListeners = app.context()
			.getBeanProvider(ResetEventListener.class)
			.orderedStream()
			.toList();
		List<CallOutcomeListener> callListeners = app.context()
			.getBeanProvider(CallOutcomeListener.class)
			.orderedStream()
			.toList();
		assertThat(resetListeners).hasAtLeastOneElementOfType(AdaptiveIdlePolicy.class)
			.hasAtLeastOneElementOfType(ResetStatistics.class);
		SocketException reset = new SocketException("Connection reset");
		for (int i = 0; i < PEERS; i++) {
			String peer = "host-" + i + ".example:443";
			assertThat(recorder.callFailed(ClientKind.PROGRAMMATIC, peer, ResetPhase.UNKNOWN, reset, 1, false)).isNotNull();
			ResetEvent stale = new ResetEvent(Instant.now(), ClientKind.REST_CLIENT, peer,
					ResetPhase.AWAITING_RESPONSE, ResetCause.STALE_CONNECTION, ResetSignal.RST, "SocketException",
					"Connection reset", staleFacts(i), 1);
			resetListeners.forEach((listener) -> listener.onReset(stale));
			callListeners.forEach((listener) -> listener.onCall(ClientKind.REST_CLIENT, peer, CallOutcome.RECOVERED));
			metrics.recordRetry(ClientKind.REST_CLIENT, peer, ResetCause.STALE_CONNECTION);
			metrics.recordPrevented(ClientKind.REST_CLIENT, peer);
		}
	}

	private static ConnectionFacts staleFacts(int connection) {
		return new ConnectionFacts(connection, "10.0.0.1:40000", "10.0.0.2:443", true, Duration.ofMinutes(5),
				Duration.ofSeconds(65), Duration.ofSeconds(65), 200, 0, false);
	}

	private static Map<String, Set<String>> peerTagValuesByMeter(RunningApplication app) {
		Map<String, Set<String>> values = new TreeMap<>();
		for (Meter meter : app.registry().getMeters()) {
			for (Tag tag : meter.getId().getTags()) {
				if ("peer".equals(tag.getKey())) {
					values.computeIfAbsent(meter.getId().getName(), (name) -> new TreeSet<>()).add(tag.getValue());
				}
			}
		}
		return values;
	}

}
