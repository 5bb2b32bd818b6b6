package dev.resetguard.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link ChaosServer} answers when no toxic applies.
 */
class ChaosServerHttpTests {

	private ChaosServer server;

	@BeforeEach
	void startServer() {
		this.server = ChaosServer.start();
	}

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void answersOkWithContentLength() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/anything").readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Type")).isEqualTo("text/plain");
			assertThat(response.header("Content-Length")).isEqualTo("2");
			assertThat(response.bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void servesSeveralRequestsOnOneKeepAliveConnection() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			for (int i = 0; i < 3; i++) {
				assertThat(client.get("/k" + i).readResponse().bodyText()).isEqualTo("ok");
			}
		}
		assertThat(this.server.ledger().connectionsAccepted()).isEqualTo(1);
		assertThat(this.server.ledger().requests()).extracting(RequestRecord::path)
			.containsExactly("/k0", "/k1", "/k2");
		assertThat(this.server.ledger().requests()).allMatch(RequestRecord::answered);
	}

	@Test
	void servesPipelinedRequestsInOrder() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("GET /bytes/3 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/404 HTTP/1.1\r\nHost: x\r\n\r\n");
			assertThat(client.readResponse().bodyText()).hasSize(3);
			assertThat(client.readResponse().status()).isEqualTo(404);
		}
	}

	@Test
	void closesAfterResponseWhenClientAsksConnectionClose() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/", "Connection: close").readResponse();
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(client.input().read()).isEqualTo(-1);
		}
	}

	@Test
	void closesAfterResponseToHttp10Request() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("GET / HTTP/1.0\r\n\r\n");
			assertThat(client.readResponse().bodyText()).isEqualTo("ok");
			assertThat(client.input().read()).isEqualTo(-1);
		}
	}

	@Test
	void readsContentLengthBodyAndRecordsItsSize() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("POST /upload?token=secret HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
			assertThat(client.readResponse().bodyText()).isEqualTo("ok");
			assertThat(client.get("/after").readResponse().bodyText()).isEqualTo("ok");
		}
		RequestRecord upload = this.server.ledger().requests().get(0);
		assertThat(upload.method()).isEqualTo("POST");
		assertThat(upload.path()).isEqualTo("/upload");
		assertThat(upload.bodyBytesRead()).isEqualTo(5);
		assertThat(upload.answered()).isTrue();
	}

	@Test
	void readsChunkedBodyAndKeepsTheConnection() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n");
			assertThat(client.readResponse().bodyText()).isEqualTo("ok");
			assertThat(client.get("/after").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(this.server.ledger().requests().get(0).bodyBytesRead()).isEqualTo(11);
		assertThat(this.server.ledger().connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void answersExpectContinueBeforeReadingTheBody() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("PUT /e HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
			assertThat(client.readResponse().status()).isEqualTo(100);
			client.send("abc");
			assertThat(client.readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void answersRequestedNumberOfBytes() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/bytes/100000").readResponse();
			assertThat(response.header("Content-Length")).isEqualTo("100000");
			assertThat(response.body()).hasSize(100_000);
		}
	}

	@Test
	void answersRequestedStatus() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/status/503").readResponse();
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.bodyText()).isEqualTo("503 Service Unavailable\n");
			assertThat(client.get("/status/204").readResponse().status()).isEqualTo(204);
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void answersAfterRequestedDelay() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			long start = System.nanoTime();
			assertThat(client.get("/delay/150").readResponse().bodyText()).isEqualTo("ok");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
		}
	}

	@Test
	void answersChunkedWhenAsked() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/bytes/20000", "X-Chaos-Chunked: true").readResponse();
			assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
			assertThat(response.header("Content-Length")).isNull();
			assertThat(response.body()).hasSize(20_000);
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void answersHeadWithoutBody() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("HEAD /bytes/50 HTTP/1.1\r\nHost: x\r\n\r\n");
			WireClient.Response response = client.readResponse(true);
			assertThat(response.header("Content-Length")).isEqualTo("50");
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void answersBadRequestAndClosesOnMalformedInput() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("this is not http\r\n\r\n");
			WireClient.Response response = client.readResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(client.input().read()).isEqualTo(-1);
		}
	}

	@Test
	void answersBadRequestOnInvalidChunkSize() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
			assertThat(client.readResponse().status()).isEqualTo(400);
		}
	}

	@Test
	void answersBadRequestOnUnknownToxicHeader() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			WireClient.Response response = client.get("/", "X-Chaos-Toxic: explode").readResponse();
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.bodyText()).contains("explode");
		}
		assertThat(this.server.ledger().injectedCount()).isZero();
		assertThat(this.server.ledger().requests()).singleElement().extracting(RequestRecord::answered).isEqualTo(true);
	}

	@Test
	void recordsThePathOfAnAbsoluteFormTargetWithoutQuery() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.get("http://127.0.0.1/abs/path?user=secret").readResponse();
		}
		assertThat(this.server.ledger().requests()).singleElement().extracting(RequestRecord::path).isEqualTo("/abs/path");
	}

	@Test
	void ignoresTheJdkClientsH2cUpgradeOffer() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(this.server.url("/h2c"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void survivesClientVanishingMidRequest() throws IOException {
		try (WireClient client = WireClient.connect(this.server)) {
			client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little");
		}
		try (WireClient client = WireClient.connect(this.server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void servesJdkHttpClientWithRequestBodies() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.server.url("/p?q=1")))
			.header("X-Request-Id", "r-1")
			.POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000)))
			.build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
		assertThat(this.server.ledger().requests()).singleElement()
			.isEqualTo(new RequestRecord(1, "POST", "/p", "r-1", 70_000, true));
	}

}
