package dev.resetguard.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.resetguard.CallOptions;
import dev.resetguard.ResetGuard;
import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.restart.PeerProbe;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The programmatic API under a caller's observation, against real loopback resets: a call that meets a
 * reset leaves an event per reset, its attempts and outcome and a child observation per wait in the
 * caller's observation; a call that meets none leaves nothing.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardTracingTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final RecordedEvents events = new RecordedEvents();

	private final List<ResetEvent> resets = new CopyOnWriteArrayList<>();

	private RestartRideThrough rideThrough;

	private ResetGuardSocketFactory sockets;

	private ResetGuard guard;

	@BeforeEach
	void setUp() {
		this.observations.observationConfig().observationHandler(this.events);
		RetrySettings settings = RetrySettings.builder()
			.initialBackoff(Duration.ofMillis(20))
			.maxBackoff(Duration.ofMillis(40))
			.build();
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> settings,
				PeerProbe.tcpConnect(Duration.ofSeconds(1)));
		ResetGuardMetrics metrics = new ResetGuardMetrics(new SimpleMeterRegistry());
		ResetRecorder recorder = new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()),
				ResetEventListener.of(List.of(metrics, this.rideThrough, this.resets::add)));
		this.sockets = new ResetGuardSocketFactory(SocketInstrumentation.builder().recorder(recorder).build());
		this.guard = ResetGuard.builder()
			.recorder(recorder)
			.metrics(metrics)
			.settings(settings)
			.rideThrough(this.rideThrough)
			.observations(new ResetObservations(this.observations))
			.build();
	}

	@AfterEach
	void closeRideThrough() {
		this.rideThrough.close();
	}

	@Test
	void resetThenRecoveredShouldLeaveEventAttemptsOutcomeAndBackoffInCallersObservation(ChaosServer server)
			throws Exception {
		server.next(1, Toxic.resetAfterRequestHead());
		Observation caller = Observation.createNotStarted("caller", this.observations);
		caller.observeChecked(() -> this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server)));
		ResetEvent reset = this.resets.get(0);
		assertThat(this.events.of("caller")).singleElement().satisfies((text) -> assertThat(text)
			.startsWith("reset phase=" + reset.phase().tagValue() + " cause=request-rejected attempt=1 local-port="
					+ localPort(reset))
			.contains(" decision=retried backoff="));
		assertThat(this.observations).hasObservationWithNameEqualTo("caller")
			.that()
			.hasHighCardinalityKeyValue("reset.guard.attempts", "2")
			.hasHighCardinalityKeyValue("reset.guard.outcome", "recovered")
			.doesNotHaveLowCardinalityKeyValueWithKey("reset.guard.outcome");
		assertThat(this.observations).hasObservationWithNameEqualTo("reset.guard.backoff")
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasParentObservationEqualTo(caller)
			.hasLowCardinalityKeyValue("client", "programmatic")
			.hasHighCardinalityKeyValue("attempt", "2");
	}

	@Test
	void resetEveryTimeShouldRecordEachResetAndGiveUpExhausted(ChaosServer server) throws Exception {
		server.always(Toxic.resetAfterRequestHead());
		Observation caller = Observation.createNotStarted("caller", this.observations);
		assertThatIOException().isThrownBy(() -> caller
			.observeChecked(() -> this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server))));
		List<String> texts = this.events.of("caller");
		assertThat(texts).hasSize(3);
		assertThat(texts.get(0)).contains("attempt=1").contains("decision=retried");
		assertThat(texts.get(2)).contains("attempt=3").endsWith("decision=exhausted");
		assertThat(this.observations).hasObservationWithNameEqualTo("caller")
			.that()
			.hasHighCardinalityKeyValue("reset.guard.attempts", "3")
			.hasHighCardinalityKeyValue("reset.guard.outcome", "exhausted");
		assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo("reset.guard.backoff", 2);
	}

	@Test
	void restartingPeerShouldShowItsWaitAsRideThroughChild(ChaosServer server) throws Exception {
		CompletableFuture<Void> back = server.restart(Duration.ofMillis(300));
		this.rideThrough.restarting(peerOf(server));
		Observation caller = Observation.createNotStarted("caller", this.observations);
		caller.observeChecked(() -> this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server)));
		back.get(5, TimeUnit.SECONDS);
		assertThat(this.observations).hasObservationWithNameEqualTo("reset.guard.ride-through")
			.that()
			.hasBeenStopped()
			.hasParentObservationEqualTo(caller)
			.hasHighCardinalityKeyValue("attempt", "1");
		assertThat(this.observations).hasObservationWithNameEqualTo("caller")
			.that()
			.hasHighCardinalityKeyValue("reset.guard.attempts", "1")
			.hasHighCardinalityKeyValue("reset.guard.outcome", "recovered");
	}

	@Test
	void callWithoutResetShouldLeaveCallersObservationUntouched(ChaosServer server) throws Exception {
		Observation caller = Observation.createNotStarted("caller", this.observations);
		caller.observeChecked(() -> this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server)));
		assertThat(this.events.all()).isEmpty();
		assertThat(this.observations).hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo("caller")
			.that()
			.doesNotHaveHighCardinalityKeyValueWithKey("reset.guard.attempts")
			.doesNotHaveHighCardinalityKeyValueWithKey("reset.guard.outcome");
	}

	@Test
	void observationsShouldStayOutOfMetricsBehindTheFilter(ChaosServer server) throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		meters.config().meterFilter(ResetObservations.keepOutOfMetrics());
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		server.next(1, Toxic.resetAfterRequestHead());
		Observation caller = Observation.createNotStarted("caller", this.observations);
		caller.observeChecked(() -> this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server)));
		assertThat(this.observations).hasObservationWithNameEqualTo("reset.guard.backoff");
		assertThat(meters.getMeters()).extracting((meter) -> meter.getId().getName())
			.contains("caller")
			.noneMatch((name) -> name.startsWith("reset.guard.") || name.endsWith(".reset.guard.reset"));
	}

	@Test
	void callWithoutObservationShouldRecordNothing(ChaosServer server) throws Exception {
		server.next(1, Toxic.resetAfterRequestHead());
		this.guard.call(peerOf(server), CallOptions.idempotent(), () -> get(server));
		assertThat(this.events.all()).isEmpty();
		assertThat(this.observations).doesNotHaveAnyObservation();
	}

	private static String peerOf(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

	private static String localPort(ResetEvent reset) {
		String local = reset.facts().localAddress();
		return local.substring(local.lastIndexOf(':') + 1);
	}

	private String get(ChaosServer server) throws IOException {
		try (Socket socket = this.sockets.createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			if (!response.startsWith("HTTP/1.1 200")) {
				throw new IOException("Unexpected response: " + response);
			}
			return response;
		}
	}

}
