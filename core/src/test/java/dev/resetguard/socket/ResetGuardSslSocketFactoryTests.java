package dev.resetguard.socket;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.RecordingConnectionListener;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.test.ChaosOptions;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.ChaosTls;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Resets through sockets made by {@link ResetGuardSslSocketFactory} against a TLS chaos server: the
 * handshake is a phase of its own, and the exchange is traced in plaintext bytes.
 */
@ExtendWith(ChaosServerExtension.class)
class ResetGuardSslSocketFactoryTests {

	private final RecordingResetListener resets = new RecordingResetListener();

	private final RecordingConnectionListener steps = new RecordingConnectionListener();

	private final SocketInstrumentation instrumentation = SocketInstrumentation.builder()
		.recorder(new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()), this.resets))
		.listener(this.steps)
		.build();

	private final SSLSocketFactory trusting = ChaosTls.selfSigned().clientSocketFactory();

	private final ResetGuardSslSocketFactory factory = new ResetGuardSslSocketFactory(this.trusting,
			this.instrumentation);

	@Test
	void healthyExchangeRunsHandshakeFirst(@ChaosOptions(tls = true) ChaosServer server) throws IOException {
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/");
			assertThat(http.readResponse()).isEqualTo("ok");
			assertThat(((SSLSocket) socket).getSession().getProtocol()).startsWith("TLS");
		}
		assertThat(this.resets.events()).isEmpty();
		assertThat(this.steps.events()).containsExactly("ConnectStart", "ConnectEnd", "HandshakeStart", "HandshakeEnd",
				"RequestStart", "ResponseStart", "ConnectionClosed");
	}

	@Test
	void resetAfterClientHelloIsTlsHandshakePhase(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		// A raw server that resets once it has read the first bytes, here the ClientHello: deterministic,
		// unlike a TLS server resetting on accept, where the RST can also win against connect completion.
		server.always(Toxic.resetAfterRequestHead());
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			assertThatIOException().isThrownBy(() -> http.get("/"));
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.TLS_HANDSHAKE);
		assertThat(event.cause()).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(this.steps.events()).startsWith("ConnectStart", "ConnectEnd", "HandshakeStart")
			.doesNotContain("HandshakeEnd", "RequestStart");
	}

	@Test
	void resetAfterRequestHeadCountsPlaintextBytes(@ChaosOptions(tls = true) ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		try (Socket socket = this.factory.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/tls");
			assertThatIOException().isThrownBy(http::readResponse);
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.cause()).isEqualTo(ResetCause.REQUEST_REJECTED);
		assertThat(event.facts().bytesSent()).isEqualTo("GET /tls HTTP/1.1\r\nHost: test\r\n\r\n".length());
	}

	@Test
	void untrustedCertificateIsNotAReset(@ChaosOptions(tls = true) ChaosServer server) throws IOException {
		ResetGuardSslSocketFactory jdkTrust = new ResetGuardSslSocketFactory(
				(SSLSocketFactory) SSLSocketFactory.getDefault(), this.instrumentation);
		try (Socket socket = jdkTrust.createSocket(server.host(), server.port())) {
			HttpOverSocket http = new HttpOverSocket(socket);
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> http.get("/"));
		}
		assertThat(this.resets.events()).isEmpty();
	}

	@Test
	void tlsLayeredOverFactorySocketContinuesItsTrace(@ChaosOptions(tls = true) ChaosServer server)
			throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		Socket tcp = new ResetGuardSocketFactory(this.instrumentation).createSocket(server.host(), server.port());
		try (Socket socket = this.factory.createSocket(tcp, server.host(), server.port(), true)) {
			HttpOverSocket http = new HttpOverSocket(socket);
			http.get("/layered");
			assertThatIOException().isThrownBy(http::readResponse);
		}
		ResetEvent event = this.resets.single();
		assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(event.facts().bytesSent()).isEqualTo("GET /layered HTTP/1.1\r\nHost: test\r\n\r\n".length());
		assertThat(this.steps.events()).containsExactly("ConnectStart", "ConnectEnd", "HandshakeStart", "HandshakeEnd",
				"RequestStart", "ConnectionReset(awaiting-response, request-rejected)", "ConnectionClosed");
	}

	@Test
	void connectTimeoutDefaultsFromSettings(@ChaosOptions(tls = true) ChaosServer server) throws IOException {
		SocketInstrumentation fast = SocketInstrumentation.builder()
			.settings(new SocketSettings(false, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(1),
					Duration.ofMillis(1500)))
			.build();
		try (Socket socket = new ResetGuardSslSocketFactory(this.trusting, fast).createSocket(server.host(),
				server.port())) {
			assertThat(socket.getSoTimeout()).isEqualTo(1500);
			assertThat(socket.getKeepAlive()).isFalse();
		}
	}

}
