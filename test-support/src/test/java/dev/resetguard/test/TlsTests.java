package dev.resetguard.test;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * What TLS clients see from a {@link ChaosServer} built with {@link ChaosTls#selfSigned()}.
 */
@ExtendWith(ChaosServerExtension.class)
class TlsTests {

	@Test
	void selfSignedMaterialIsSharedByTheJvm() {
		assertThat(ChaosTls.selfSigned()).isSameAs(ChaosTls.selfSigned());
		assertThat(ChaosTls.selfSigned().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
	}

	@Test
	void jdkHttpClientTrustingTheCertificateGetsAnAnswer(@ChaosOptions(tls = true) ChaosServer server)
			throws Exception {
		HttpResponse<String> response = client(server).send(HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void hostnameVerificationPassesForIpv6Loopback(@ChaosOptions(tls = true, ipv6 = true) ChaosServer server)
			throws Exception {
		HttpResponse<String> response = client(server).send(HttpRequest.newBuilder(URI.create(server.url("/"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void resetOnAcceptResetsTheHandshake(@ChaosOptions(tls = true) ChaosServer server) throws IOException {
		server.next(1, Toxic.resetOnAccept());
		try (SSLSocket socket = connect(server)) {
			Awaiting.until(() -> server.ledger().injectedCount() == 1);
			assertThatIOException().isThrownBy(socket::startHandshake);
		}
		assertThat(server.ledger().count(ToxicKind.RESET_ON_ACCEPT)).isEqualTo(1);
	}

	@Test
	void resetAfterRequestHeadResetsAfterTheHandshake(@ChaosOptions(tls = true) ChaosServer server)
			throws IOException {
		server.next(1, Toxic.resetAfterRequestHead());
		try (SSLSocket socket = connect(server)) {
			socket.startHandshake();
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessage("Connection reset");
		}
		assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(1);
	}

	@Test
	void resetAfterResponseBytesCutsTheBodyForTheJdkClient(@ChaosOptions(tls = true) ChaosServer server) {
		server.next(1, Toxic.resetAfterResponseBytes(100));
		assertThatIOException()
			.isThrownBy(() -> client(server).send(HttpRequest.newBuilder(URI.create(server.url("/s3"))).build(),
					HttpResponse.BodyHandlers.ofString()))
			.withMessageContaining("fixed content-length: 1000, bytes received: 100");
		assertThat(server.ledger().requests()).hasSize(1);
	}

	private static HttpClient client(ChaosServer server) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(server.tls().clientContext())
			.build();
	}

	private static SSLSocket connect(ChaosServer server) throws IOException {
		SSLSocket socket = (SSLSocket) server.tls()
			.clientSocketFactory()
			.createSocket(server.address().getAddress(), server.port());
		socket.setSoTimeout(10_000);
		return socket;
	}

}
