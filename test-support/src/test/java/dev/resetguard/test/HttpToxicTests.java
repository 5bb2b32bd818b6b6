package dev.resetguard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.entry;

/**
 * What an HTTP client sees on the wire for each toxic, and what the ledger records.
 */
@ExtendWith(ChaosServerExtension.class)
class HttpToxicTests {

	@Test
	void resetOnAcceptResetsBeforeAnyRequestIsRead(ChaosServer server) throws IOException {
		server.next(1, Toxic.resetOnAccept());
		try (WireClient client = WireClient.connect(server)) {
			awaitInjections(server, 1);
			assertThatIOException().isThrownBy(() -> {
				client.get("/");
				client.readResponse();
			}).withMessageContaining("reset");
		}
		assertThat(server.ledger().injections()).singleElement().satisfies((injection) -> {
			assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_ON_ACCEPT);
			assertThat(injection.bytesRead()).isZero();
			assertThat(injection.method()).isNull();
		});
		assertThat(server.ledger().requests()).isEmpty();
	}

	@Test
	void resetAfterRequestHeadResetsTheRead(ChaosServer server) throws IOException {
		server.next(1, Toxic.resetAfterRequestHead());
		try (WireClient client = WireClient.connect(server)) {
			client.get("/head?x=1", "Idempotency-Key: k-1");
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read())
				.withMessage("Connection reset");
		}
		assertThat(server.ledger().injections()).singleElement().satisfies((injection) -> {
			assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_AFTER_REQUEST_HEAD);
			assertThat(injection.method()).isEqualTo("GET");
			assertThat(injection.path()).isEqualTo("/head");
			assertThat(injection.bytesWritten()).isZero();
		});
		assertThat(server.ledger().requests()).singleElement()
			.isEqualTo(new RequestRecord(1, "GET", "/head", "k-1", 0, false));
	}

	@Test
	void resetAfterResponseBytesDeliversExactlyThatMuchBody(ChaosServer server) throws IOException {
		server.next(1, Toxic.resetAfterResponseBytes(100));
		try (WireClient client = WireClient.connect(server)) {
			client.get("/s3");
			assertThat(client.readLine()).isEqualTo("HTTP/1.1 200 OK");
			assertThat(readHeaders(client)).contains("Content-Length: 1000");
			assertThat(client.readBytes(100)).hasSize(100);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read())
				.withMessage("Connection reset");
		}
		Injection injection = server.ledger().injections().get(0);
		assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_AFTER_RESPONSE_BYTES);
		assertThat(injection.bytesWritten()).isEqualTo(100);
		assertThat(server.ledger().requests().get(0).answered()).isFalse();
	}

	@Test
	void resetAfterResponseBytesFailsTheJdkClientWithoutRetry(ChaosServer server) {
		server.next(1, Toxic.resetAfterResponseBytes(100));
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		assertThatIOException()
			.isThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(server.url("/s3"))).build(),
					HttpResponse.BodyHandlers.ofString()))
			.withMessageContaining("fixed content-length: 1000, bytes received: 100");
		assertThat(server.ledger().requests()).hasSize(1);
	}

	@Test
	void resetAfterResponseBytesDeclaresTheRealLengthOfALargerBody(ChaosServer server) throws IOException {
		try (WireClient client = WireClient.connect(server)) {
			client.get("/bytes/500000", "X-Chaos-Toxic: reset-after-response-bytes:65536");
			client.readLine();
			assertThat(readHeaders(client)).contains("Content-Length: 500000");
			assertThat(client.readBytes(65536)).hasSize(65536);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read())
				.withMessage("Connection reset");
		}
	}

	@Test
	void resetDuringUploadReadsThatMuchBodyThenResetsTheWriter(ChaosServer server) throws IOException {
		server.next(1, Toxic.resetDuringUpload(64 * 1024));
		try (WireClient client = WireClient.connect(server)) {
			client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 8388608\r\n\r\n");
			OutputStream output = client.output();
			byte[] chunk = new byte[16 * 1024];
			assertThatIOException().isThrownBy(() -> {
				for (int i = 0; i < 512; i++) {
					output.write(chunk);
				}
			}).withMessageContaining("reset");
		}
		Injection injection = server.ledger().injections().get(0);
		assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_DURING_UPLOAD);
		assertThat(injection.bytesRead()).isEqualTo(64 * 1024);
		assertThat(server.ledger().requests().get(0).bodyBytesRead()).isEqualTo(64 * 1024);
	}

	@Test
	void silenceThenResetSendsNothingForTheSilence(ChaosServer server) throws IOException {
		server.next(1, Toxic.silenceThenReset(Duration.ofMillis(300)));
		try (WireClient client = WireClient.connect(server)) {
			long start = System.nanoTime();
			client.get("/quiet");
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read())
				.withMessage("Connection reset");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
		assertThat(server.ledger().count(ToxicKind.SILENCE_THEN_RESET)).isEqualTo(1);
	}

	@Test
	void toxicHeaderAppliesToThatRequestOnly(ChaosServer server) throws IOException {
		try (WireClient client = WireClient.connect(server)) {
			client.get("/", "X-Chaos-Toxic: reset-after-head");
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read());
		}
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().injectedCount()).isEqualTo(1);
	}

	@Test
	void nextAffectsExactlyThatManyRequests(ChaosServer server) throws IOException {
		server.next(2, Toxic.resetAfterRequestHead());
		int resets = 0;
		for (int i = 0; i < 5; i++) {
			try (WireClient client = WireClient.connect(server)) {
				client.get("/n" + i);
				client.readResponse();
			}
			catch (SocketException ex) {
				resets++;
			}
		}
		assertThat(resets).isEqualTo(2);
		assertThat(server.ledger().injections()).extracting(Injection::path).containsExactly("/n0", "/n1");
		assertThat(server.ledger().requests()).hasSize(5);
	}

	@Test
	void nextCountsRequestsOnAKeepAliveConnection(ChaosServer server) throws IOException {
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/first").readResponse().bodyText()).isEqualTo("ok");
			server.next(1, Toxic.resetAfterRequestHead());
			client.get("/second");
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read());
		}
		assertThat(server.ledger().injections()).singleElement().extracting(Injection::path).isEqualTo("/second");
	}

	@Test
	void alwaysAppliesUntilHealed(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterRequestHead());
		for (int i = 0; i < 3; i++) {
			try (WireClient client = WireClient.connect(server)) {
				client.get("/");
				assertThatExceptionOfType(SocketException.class).isThrownBy(() -> client.input().read());
			}
		}
		server.heal();
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(3);
	}

	@Test
	void nextTakesPrecedenceOverAlways(ChaosServer server) throws IOException {
		server.always(Toxic.resetAfterResponseBytes(1));
		server.next(1, Toxic.resetAfterRequestHead());
		for (int i = 0; i < 2; i++) {
			try (WireClient client = WireClient.connect(server)) {
				client.get("/");
				InputStream input = client.input();
				assertThatExceptionOfType(SocketException.class).isThrownBy(() -> input.readAllBytes());
			}
		}
		assertThat(server.ledger().injections()).extracting(Injection::kind)
			.containsExactly(ToxicKind.RESET_AFTER_REQUEST_HEAD, ToxicKind.RESET_AFTER_RESPONSE_BYTES);
	}

	@Test
	void sometimesResetsTheSameRequestsForTheSameSeed(ChaosServer server) throws IOException {
		List<String> first = sometimesResetPaths(server, 0.3, 11, 40);
		List<String> second = sometimesResetPaths(server, 0.3, 11, 40);
		assertThat(first).isNotEmpty().hasSizeLessThan(40).isEqualTo(second);
		assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(first.size() * 2L);
	}

	@Test
	void sometimesIsRemovedByHeal(ChaosServer server) throws IOException {
		server.sometimes(1, 1, Toxic.resetAfterRequestHead());
		server.heal();
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().injections()).isEmpty();
	}

	@Test
	void sometimesRejectsAProbabilityOutsideZeroToOne(ChaosServer server) {
		Toxic toxic = Toxic.resetAfterRequestHead();
		assertThatIllegalArgumentException().isThrownBy(() -> server.sometimes(1.5, 1, toxic))
			.withMessageContaining("probability");
		assertThatIllegalArgumentException().isThrownBy(() -> server.sometimes(Double.NaN, 1, toxic))
			.withMessageContaining("probability");
	}

	@Test
	void duplicatedRequestIdsAreReported(ChaosServer server) throws IOException {
		try (WireClient client = WireClient.connect(server)) {
			client.get("/a", "X-Request-Id: one").readResponse();
			client.get("/a", "X-Request-Id: two").readResponse();
			client.get("/a", "X-Request-Id: one").readResponse();
			client.get("/a").readResponse();
		}
		assertThat(server.ledger().requestCountsById()).containsExactly(entry("one", 2L), entry("two", 1L));
		assertThat(server.ledger().duplicatedRequestIds()).containsExactly("one");
	}

	private static List<String> sometimesResetPaths(ChaosServer server, double probability, long seed, int requests)
			throws IOException {
		server.sometimes(probability, seed, Toxic.resetAfterRequestHead());
		List<String> reset = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			try (WireClient client = WireClient.connect(server)) {
				client.get("/r" + i).readResponse();
			}
			catch (SocketException ex) {
				reset.add("/r" + i);
			}
		}
		server.heal();
		return reset;
	}

	private static String readHeaders(WireClient client) throws IOException {
		StringBuilder headers = new StringBuilder();
		for (String line = client.readLine(); !line.isEmpty(); line = client.readLine()) {
			headers.append(line).append('\n');
		}
		return headers.toString();
	}

	private static void awaitInjections(ChaosServer server, int count) {
		Awaiting.until(() -> server.ledger().injectedCount() >= count);
	}

}
