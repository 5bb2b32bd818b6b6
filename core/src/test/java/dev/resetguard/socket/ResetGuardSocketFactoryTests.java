package dev.resetguard.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.RecordingConnectionListener;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each chaos toxic, provoked on loopback through a socket made by {@link ResetGuardSocketFactory},
 * yields the documented phase and cause at the moment the reset happens.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardSocketFactoryTests {

	// The idle tests leave connections idle for 500 ms, so the idle time that alone makes a reset stale is
	// 300 ms here instead of the default second.
	private static final CauseSettings CAUSES = new CauseSettings(Duration.ofMillis(400), Duration.ofSeconds(2), 3,
			Duration.ofMillis(300));

	private final RecordingResetListener resets = new RecordingResetListener();

	private final RecordingConnectionListener steps = new RecordingConnectionListener();

	private final SocketInstrumentation instrumentation = SocketInstrumentation.builder()
		.settings(new SocketSettings(true, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2),
				Duration.ofSeconds(5)))
		.recorder(new ResetRecorder(new ResetClassifier(), new CauseInference(CAUSES), this.resets))
		.listener(this.steps)
		.build();

	private final ResetGuardSocketFactory factory = new ResetGuardSocketFactory(this.instrumentation);

	@Test
	void appliesKeepAliveAndTimeouts(ChaosServer server) throws IOException {
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			assertThat(socket.getKeepAlive()).isTrue();
			assertThat(socket.getSoTimeout()).isEqualTo(5000);
			if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
				assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(60);
				assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(10);
			}
		}
	}

	@Test
	void healthyKeepAliveExchangesRecordNoResetAndStepsInOrder(ChaosServer server) throws IOException {
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/one");
			assertThat(http.readResponse()).isEqualTo("ok");
			http.get("/two");
			assertThat(http.readResponse()).isEqualTo("ok");
		}
		assertThat(this.resets.events()).isEmpty();
		assertThat(this.steps.events()).containsExactly("ConnectStart", "ConnectEnd", "RequestStart", "ResponseStart",
				"RequestStart(reused)", "ResponseStart", "ConnectionClosed");
	}

	@Test
	void resetOnAcceptIsConnectPhaseAndConnectRejected(ChaosServer server) throws Exception {
		server.always(Toxic.resetOnAccept());
		// The RST races connect completion: it fails either the connect itself (Net.pollConnect in the
		// ground truth, S1) or, after the pause, the first write. Both are the connect phase. The pause
		// stands for a client that has not spoken yet; a request racing ahead of the RST would look like
		// reset-after-request-head, which no client-side fact can tell apart.
		assertThatIOException().isThrownBy(() -> {
			try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
				Thread.sleep(100);
				new HttpOverSocket(socket).get("/");
			}
		});
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.CONNECT);
		assertThat(event.cause()).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(event.signal()).isEqualTo(ResetSignal.RST);
		assertThat(event.client()).isEqualTo(ClientKind.SOCKET);
		assertThat(event.facts().bytesSent()).isZero();
		assertThat(server.ledger().count(ToxicKind.RESET_ON_ACCEPT)).isEqualTo(1);
	}

	@Test
	void resetAfterRequestHeadIsAwaitingResponseAndRequestRejected(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/orders");
			assertThatExceptionOfType(SocketException.class).isThrownBy(http::readResponse)
				.withMessage("Connection reset");
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(event.signal()).isEqualTo(ResetSignal.RST);
		assertThat(event.exception()).isEqualTo("SocketException");
		assertThat(event.peer()).isEqualTo(server.host() + ":" + server.port());
		assertThat(event.facts().reused()).isFalse();
		assertThat(event.facts().bytesSent()).isGreaterThan(0);
		assertThat(event.facts().bytesReceived()).isZero();
		assertThat(event.facts().remoteAddress()).isEqualTo("127.0.0.1:" + server.port());
		assertThat(event.facts().localAddress()).startsWith("127.0.0.1:");
	}

	@Test
	void resetAfterResponseBytesIsReceivingResponseAndResponseAborted(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterResponseBytes(100));
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/report");
			assertThatExceptionOfType(SocketException.class).isThrownBy(http::drain).withMessage("Connection reset");
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.RECEIVING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.RESPONSE_ABORTED);
		assertThat(event.facts().bytesReceived()).isGreaterThan(100);
	}

	@Test
	void resetDuringUploadIsSendingRequestAndRequestRejected(ChaosServer server) throws IOException {
		server.always(Toxic.resetDuringUpload(64 * 1024));
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			assertThatIOException().isThrownBy(() -> http.post("/upload", new byte[8 * 1024 * 1024]));
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.SENDING_REQUEST);
		assertThat(event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(event.facts().bytesSent()).isGreaterThanOrEqualTo(64 * 1024);
		assertThat(server.ledger().count(ToxicKind.RESET_DURING_UPLOAD)).isEqualTo(1);
	}

	@Test
	void idleConnectionResetByPeerIsStaleOnNextRequest(ChaosServer server) throws Exception {
		server.idleTimeout(Duration.ofMillis(200), CloseMode.RST);
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/first");
			assertThat(http.readResponse()).isEqualTo("ok");
			Thread.sleep(500);
			assertThatIOException().isThrownBy(() -> {
				http.get("/second");
				http.readResponse();
			});
		}
		ResetEvent event = this.resets.single();
		assertThat(event.cause()).isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(event.phase()).isIn(ResetPhase.SENDING_REQUEST, ResetPhase.AWAITING_RESPONSE);
		assertThat(event.signal()).isEqualTo(ResetSignal.RST);
		assertThat(event.facts().reused()).isTrue();
		assertThat(event.facts().idleBeforeUse()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		assertThat(server.ledger().count(ToxicKind.IDLE_CLOSE_RST)).isEqualTo(1);
	}

	@Test
	void idleConnectionClosedByPeerIsStalePrematureCloseOnNextRequest(ChaosServer server) throws Exception {
		server.idleTimeout(Duration.ofMillis(200), CloseMode.FIN);
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/first");
			assertThat(http.readResponse()).isEqualTo("ok");
			Thread.sleep(500);
			http.get("/second");
			assertThat(http.readResponse()).as("end of stream, as the ground truth shows for S4 FIN").isNull();
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.STALE_CONNECTION);
		assertThat(event.signal()).isEqualTo(ResetSignal.PREMATURE_CLOSE);
		assertThat(event.exception()).isEqualTo("EOFException");
		assertThat(server.ledger().count(ToxicKind.IDLE_CLOSE_FIN)).isEqualTo(1);
	}

	@Test
	void resetAfterLongSilenceIsMiddlebox(ChaosServer server) throws IOException {
		server.always(Toxic.silenceThenReset(Duration.ofMillis(700)));
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/slow");
			assertThatExceptionOfType(SocketException.class).isThrownBy(http::readResponse);
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.MIDDLEBOX);
		assertThat(event.facts().silence()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
	}

	@Test
	void restartResettingSeveralConnectionsIsPeerRestart(ChaosServer server) throws Exception {
		int connections = 4;
		ExecutorService callers = Executors.newFixedThreadPool(connections);
		try {
			List<Future<?>> calls = new ArrayList<>();
			List<Socket> sockets = new ArrayList<>();
			for (int i = 0; i < connections; i++) {
				Socket socket = this.factory.createSocket(server.host(), server.port());
				sockets.add(socket);
				HttpOverSocket http = new HttpOverSocket(socket);
				// Pooled connections: a fresh one reset after its request proves the listener alive.
				http.get("/first");
				assertThat(http.readResponse()).isEqualTo("ok");
				http.get("/delay/10000");
				calls.add(callers.submit(() -> http.readResponse()));
			}
			awaitRequestsSeen(server, 2 * connections);
			server.restart(Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
			for (Future<?> call : calls) {
				assertThatExceptionOfType(java.util.concurrent.ExecutionException.class).isThrownBy(call::get)
					.withCauseInstanceOf(SocketException.class);
			}
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		finally {
			callers.shutdownNow();
		}
		List<ResetEvent> events = this.resets.events();
		assertThat(events).hasSize(connections);
		assertThat(events).as(events::toString).extracting(ResetEvent::phase).containsOnly(ResetPhase.AWAITING_RESPONSE);
		// The first resets are held until the third shows the pooled connections closed together; then
		// every one of them is published as a restart.
		assertThat(events).as(events::toString).extracting(ResetEvent::cause).containsOnly(ResetCause.PEER_RESTART);
		assertThat(server.ledger().count(ToxicKind.RESTART)).isEqualTo(connections);
	}

	@Test
	void resetsOnManyConnectionsBetweenAnswersAreNoRestart(ChaosServer server) throws IOException {
		// Every second request is reset, each on a connection of its own, far more than the restart rule's
		// 3 in 2 s; the answers in between show the peer is up, so none of them may read as a restart.
		int calls = 12;
		for (int i = 0; i < calls; i++) {
			if (i % 2 == 0) {
				server.next(1, Toxic.resetAfterRequestHead());
			}
			try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
				HttpOverSocket http = new HttpOverSocket(socket);
				http.get("/orders");
				if (i % 2 == 0) {
					assertThatExceptionOfType(SocketException.class).isThrownBy(http::readResponse);
				}
				else {
					http.readResponse();
				}
			}
		}
		List<ResetEvent> events = this.resets.events();
		assertThat(events).hasSize(calls / 2);
		assertThat(events).as(events::toString).extracting(ResetEvent::cause).containsOnly(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void refusedConnectIsNotAReset() throws IOException {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0)) {
			closedPort = probe.getLocalPort();
		}
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> this.factory.createSocket("127.0.0.1", closedPort));
		assertThat(this.resets.events()).isEmpty();
		assertThat(this.steps.events()).containsExactly("ConnectStart", "ConnectFailed", "ConnectionClosed");
	}

	@Test
	void readTimeoutIsNotAReset(ChaosServer server) throws IOException {
		server.always(Toxic.silenceThenReset(Duration.ofSeconds(3)));
		SocketInstrumentation shortReads = SocketInstrumentation.builder()
			.settings(new SocketSettings(true, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2),
					Duration.ofMillis(200)))
			.recorder(new ResetRecorder(new ResetClassifier(), new CauseInference(CAUSES), this.resets))
			.build();
		try (Socket socket = new ResetGuardSocketFactory(shortReads).createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/");
			assertThatExceptionOfType(java.net.SocketTimeoutException.class).isThrownBy(http::readResponse);
		}
		assertThat(this.resets.events()).isEmpty();
	}

	@Test
	void unconnectedSocketIsInstrumentedOnConnect(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		try (Socket socket = this.factory.createSocket()) {
			socket.connect(server.address());
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/");
			assertThatIOException().isThrownBy(http::readResponse);
		}
		assertThat(this.resets.single().cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void noArgFactoryUsesTheSharedInstrumentation(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		SocketInstrumentation.install(this.instrumentation);
		try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/");
			assertThatIOException().isThrownBy(http::readResponse);
		}
		finally {
			SocketInstrumentation.uninstall(this.instrumentation);
		}
		assertThat(this.resets.single().cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(SocketInstrumentation.shared()).isNotSameAs(this.instrumentation);
	}

	@Test
	void noArgFactorySocketMadeBeforeInstallReportsItsLaterResetToTheInstrumentationInstalledSince(
			ChaosServer server) throws Exception {
		try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/startup-query");
			assertThat(http.readResponse()).isEqualTo("ok");
			SocketInstrumentation.install(this.instrumentation);
			try {
				server.next(1, Toxic.resetAfterRequestHead());
				http.get("/after-install");
				assertThatExceptionOfType(SocketException.class).isThrownBy(http::readResponse)
					.withMessage("Connection reset");
			}
			finally {
				SocketInstrumentation.uninstall(this.instrumentation);
			}
		}
		// A pooled connection reset with its request out is published once no restart shows, within the window.
		assertThat(this.resets.awaitAtLeast(1, CAUSES.restartWindow().multipliedBy(2))).hasSize(1);
		ResetEvent event = this.resets.single();
		assertThat(event.client()).isEqualTo(ClientKind.SOCKET);
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.facts().reused()).isTrue();
		assertThat(event.facts().bytesSent()).isGreaterThan(0);
		assertThat(this.steps.events()).containsExactly("RequestStart(reused)",
				"ConnectionReset(awaiting-response, " + event.cause().tagValue() + ")");
	}

	@Test
	void noArgFactorySocketReportsNothingToAnInstrumentationUninstalledBeforeItsReset(ChaosServer server)
			throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		SocketInstrumentation.install(this.instrumentation);
		try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
			SocketInstrumentation.uninstall(this.instrumentation);
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/after-uninstall");
			assertThatIOException().isThrownBy(http::readResponse);
		}
		finally {
			SocketInstrumentation.uninstall(this.instrumentation);
		}
		assertThat(this.resets.events()).isEmpty();
		assertThat(this.steps.events()).containsExactly("ConnectStart", "ConnectEnd");
	}

	@Test
	void anInstrumentationThatFollowsTheSharedOneCannotBeShared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SocketInstrumentation.install(SocketInstrumentation.followingShared()))
			.withMessage("Cannot share an instrumentation that follows another one");
	}

	private static void awaitRequestsSeen(ChaosServer server, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (server.ledger().requests().size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.ledger().requests()).hasSize(count);
	}

}
