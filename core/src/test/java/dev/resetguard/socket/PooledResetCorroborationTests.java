package dev.resetguard.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A pooled connection reset while its request was out looks alike whether the peer rejected the request
 * or went down: given a real loopback reset through the socket factory, what comes next decides its
 * cause, and the reset reaches the listeners only then.
 */
@ExtendWith(ChaosServerExtension.class)
class PooledResetCorroborationTests {

	private static final Duration RESTART_WINDOW = Duration.ofMillis(600);

	private final RecordingResetListener resets = new RecordingResetListener();

	private final ResetGuardSocketFactory factory = new ResetGuardSocketFactory(SocketInstrumentation.builder()
		.recorder(new ResetRecorder(new ResetClassifier(),
				new CauseInference(new CauseSettings(Duration.ofSeconds(30), RESTART_WINDOW, 3)), this.resets))
		.build());

	@Test
	void pooledResetFollowedByRefusedConnectIsPeerRestart(ChaosServer server) throws Exception {
		resetPooledRequest(server);
		assertThat(this.resets.events()).as("held until the evidence decides").isEmpty();
		CompletableFuture<Void> back = server.restart(Duration.ofMillis(500));
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> this.factory.createSocket(server.host(), server.port()).close());
		assertThat(this.resets.single().cause()).isEqualTo(ResetCause.PEER_RESTART);
		back.get(5, TimeUnit.SECONDS);
	}

	@Test
	void pooledResetFollowedByAnAnswerIsRequestRejected(ChaosServer server) throws Exception {
		resetPooledRequest(server);
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/after");
			assertThat(http.readResponse()).isEqualTo("ok");
		}
		assertThat(this.resets.single().cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	@Test
	void pooledResetWithNothingAfterIsPublishedWithItsOwnCauseWhenTheWindowEnds(ChaosServer server) throws Exception {
		resetPooledRequest(server);
		assertThat(this.resets.awaitAtLeast(1, RESTART_WINDOW.multipliedBy(5))).singleElement()
			.extracting((event) -> event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
	}

	private void resetPooledRequest(ChaosServer server) throws IOException {
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/first");
			assertThat(http.readResponse()).isEqualTo("ok");
			server.next(1, Toxic.resetAfterRequestHead());
			http.get("/second");
			assertThatIOException().isThrownBy(http::readResponse);
		}
	}

}
