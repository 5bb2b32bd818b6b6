package dev.resetguard.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import dev.resetguard.tracing.RecordedEvents;
import dev.resetguard.tracing.ResetObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Reset Guard's socket factory under a caller's observation: a reset that no retry loop of ours runs
 * around is recorded as an event the socket's user decides about, and a retried connect as an event with
 * its decision and a backoff child observation. The read reset is a real loopback one; a reset inside
 * {@code connect()} cannot be provoked on demand on loopback (see {@link RetryingConnectTests}), so the
 * connect retry runs a stand-in attempt that records the exception the ground truth saw.
 */
@ExtendWith(ChaosServerExtension.class)
class SocketTracingTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final RecordedEvents events = new RecordedEvents();

	private final List<ResetEvent> resets = new CopyOnWriteArrayList<>();

	private final ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
			new CauseInference(CauseSettings.ofDefaults()), this.resets::add);

	@BeforeEach
	void recordEvents() {
		this.observations.observationConfig().observationHandler(this.events);
	}

	@Test
	void readResetOutsideAnyRetryLoopShouldBeLeftToTheSocketsUser(ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		ResetGuardSocketFactory sockets = new ResetGuardSocketFactory(SocketInstrumentation.builder()
			.recorder(this.recorder)
			.observations(new ResetObservations(this.observations))
			.build());
		Observation caller = Observation.createNotStarted("caller", this.observations);
		assertThatIOException().isThrownBy(() -> caller.observeChecked(() -> get(sockets, server)));
		ResetEvent reset = this.resets.get(0);
		String local = reset.facts().localAddress();
		assertThat(this.events.of("caller")).containsExactly("reset phase=awaiting-response cause=request-rejected attempt=1"
				+ " local-port=" + local.substring(local.lastIndexOf(':') + 1) + " decision=none");
	}

	@Test
	void retriedConnectShouldShowItsResetsAndBackoffs() throws Exception {
		SocketInstrumentation instrumentation = SocketInstrumentation.builder()
			.recorder(this.recorder)
			.connectRetry((peer, failedAttempt) -> (failedAttempt < 3) ? 2_000_000L : -1)
			.observations(new ResetObservations(this.observations))
			.build();
		Socket connected = new Socket();
		Observation caller = Observation.createNotStarted("caller", this.observations);
		Socket result = caller.observeChecked(() -> RetryingConnect.connect(instrumentation, "peer:1", (attempt) -> {
			if (attempt.number() < 3) {
				SocketException reset = new SocketException("Connection reset by peer");
				attempt.reset(this.recorder.callFailed(ClientKind.SOCKET, "peer:1", ResetPhase.CONNECT, reset,
						attempt.number(), true));
				throw reset;
			}
			return connected;
		}));
		assertThat(result).isSameAs(connected);
		assertThat(this.events.of("caller")).containsExactly(
				"reset phase=connect cause=connect-rejected attempt=1 decision=retried backoff=2ms",
				"reset phase=connect cause=connect-rejected attempt=2 decision=retried backoff=2ms");
		assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo("reset.guard.backoff", 2)
			.hasObservationWithNameEqualTo("reset.guard.backoff")
			.that()
			.hasParentObservationEqualTo(caller)
			.hasLowCardinalityKeyValue("client", "socket");
	}

	private static String get(ResetGuardSocketFactory sockets, ChaosServer server) throws IOException {
		try (Socket socket = sockets.createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

}
