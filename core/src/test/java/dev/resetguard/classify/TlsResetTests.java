package dev.resetguard.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.resetguard.test.ChaosOptions;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertNotAReset;
import static dev.resetguard.classify.ResetAssertions.assertReset;
import static dev.resetguard.classify.ResetAssertions.assertResetWithSignalIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ground-truth rows of client (f): a raw {@code SSLSocket}, and java.net.http, over TLS. The server
 * resets the TCP connection under TLS, so no close_notify is ever sent.
 */
@ExtendWith(ChaosServerExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TlsResetTests {

	private static final byte[] GET = RawConnection.request("GET", "/s", null);

	@Test
	void sslSocketHandshakeResetOnAcceptIsRst(@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		server.always(Toxic.resetOnAccept());
		try (SSLSocket socket = sslSocket(server)) {
			assertReset(catchThrowable(socket::startHandshake), ResetSignal.RST);
		}
	}

	@Test
	void sslSocketReadResetAfterRequestHeadIsRst(@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		server.always(Toxic.resetAfterRequestHead());
		try (SSLSocket socket = sslSocket(server)) {
			write(socket, GET);
			assertReset(catchThrowable(() -> readResponse(socket)), ResetSignal.RST);
			// The SSLSocket tore itself down after the fatal read: what follows is its own doing
			assertNotAReset(catchThrowable(() -> write(socket, GET)));
		}
	}

	@Test
	void sslSocketReadResetMidBodyIsRst(@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		server.always(Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET));
		try (SSLSocket socket = sslSocket(server)) {
			write(socket, GET);
			assertReset(catchThrowable(() -> readResponse(socket)), ResetSignal.RST);
		}
	}

	@Test
	void sslSocketWriteOnStaleConnectionResetByServerIsRstThenEofThenBrokenPipe(
			@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		Scenarios.killIdleConnections(server, CloseMode.RST);
		try (SSLSocket socket = sslSocket(server)) {
			write(socket, GET);
			assertThat(readResponse(socket)).endsWith("ok");
			Scenarios.awaitIdleKill();
			assertReset(catchThrowable(() -> write(socket, GET)), ResetSignal.RST);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertReset(catchThrowable(() -> write(socket, GET)), ResetSignal.BROKEN_PIPE);
		}
	}

	@Test
	void sslSocketWriteOnStaleConnectionClosedByServerSucceedsThenEofThenBrokenPipe(
			@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		Scenarios.killIdleConnections(server, CloseMode.FIN);
		try (SSLSocket socket = sslSocket(server)) {
			write(socket, GET);
			assertThat(readResponse(socket)).endsWith("ok");
			Scenarios.awaitIdleKill();
			write(socket, GET);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertReset(catchThrowable(() -> write(socket, GET)), ResetSignal.BROKEN_PIPE);
		}
	}

	@Test
	void sslSocketUploadResetIsRst(@ChaosOptions(tls = true) ChaosServer server) throws Exception {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		try (SSLSocket socket = sslSocket(server)) {
			byte[] upload = RawConnection.request("POST", "/s5", Scenarios.UPLOAD_BODY);
			assertReset(catchThrowable(() -> write(socket, upload)), ResetSignal.RST);
		}
	}

	@Test
	void jdkClientTlsHandshakeResetOnAcceptIsRst(@ChaosOptions(tls = true) ChaosServer server) {
		server.always(Toxic.resetOnAccept());
		Throwable failure = catchThrowable(() -> send(client(server), get(server, "/s1")));
		// "Remote host terminated the handshake" or "Remote host closed the channel", over the RST
		assertResetWithSignalIn(failure, ResetSignal.RST, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	void jdkClientTlsGetResetAfterRequestHeadIsRst(@ChaosOptions(tls = true) ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> send(client(server), get(server, "/s2")));
		assertThat(failure).hasMessage("HTTP/1.1 header parser received no bytes");
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void jdkClientTlsGetResetMidBodyIsRst(@ChaosOptions(tls = true) ChaosServer server) {
		server.always(Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> send(client(server), get(server, "/s3")));
		assertThat(failure).hasMessageStartingWith("fixed content-length:");
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void jdkClientTlsGetOnStaleConnectionResetByServerRecoversOnItsOwn(@ChaosOptions(tls = true) ChaosServer server)
			throws Exception {
		assertRecoversFromStaleConnection(server, CloseMode.RST);
	}

	@Test
	void jdkClientTlsGetOnStaleConnectionClosedByServerRecoversOnItsOwn(@ChaosOptions(tls = true) ChaosServer server)
			throws Exception {
		assertRecoversFromStaleConnection(server, CloseMode.FIN);
	}

	@Test
	void jdkClientTlsUploadResetIsRst(@ChaosOptions(tls = true) ChaosServer server) {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		HttpRequest upload = HttpRequest.newBuilder(URI.create(server.url("/s5")))
			.timeout(Scenarios.TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(Scenarios.UPLOAD_BODY))
			.build();
		Throwable failure = catchThrowable(() -> send(client(server), upload));
		assertThat(failure).hasMessage("HTTP/1.1 header parser received no bytes");
		assertReset(failure, ResetSignal.RST);
	}

	private void assertRecoversFromStaleConnection(ChaosServer server, CloseMode mode) throws Exception {
		Scenarios.killIdleConnections(server, mode);
		HttpClient client = client(server);
		assertThat(send(client, get(server, "/first"))).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		assertThat(send(client, get(server, "/s4"))).isEqualTo("ok");
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(2);
	}

	private static SSLSocket sslSocket(ChaosServer server) throws IOException {
		SSLSocket socket = (SSLSocket) server.tls().clientSocketFactory().createSocket(server.host(), server.port());
		socket.setSoTimeout((int) Scenarios.TIMEOUT.toMillis());
		return socket;
	}

	private static void write(SSLSocket socket, byte[] bytes) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(bytes);
		out.flush();
	}

	private static String readResponse(SSLSocket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!received.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\nok")) {
			int count = in.read(buffer);
			if (count < 0) {
				break;
			}
			received.write(buffer, 0, count);
		}
		return received.toString(StandardCharsets.US_ASCII);
	}

	private static HttpClient client(ChaosServer server) {
		return HttpClient.newBuilder()
			.sslContext(server.tls().clientContext())
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Scenarios.TIMEOUT)
			.build();
	}

	private static HttpRequest get(ChaosServer server, String path) {
		return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Scenarios.TIMEOUT).build();
	}

	private static String send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
		return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

}
