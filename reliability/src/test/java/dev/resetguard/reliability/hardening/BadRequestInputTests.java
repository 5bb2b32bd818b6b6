package dev.resetguard.reliability.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.net.SocketFactory;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.RequestRecord;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Requests a user may send that Reset Guard must not make worse, each through the clients Boot
 * auto-configures with the starter, against real resets on loopback: an idempotency header with
 * nothing in it, a body that cannot be sent again, a reset met while a response or socket is closed,
 * and an interrupt while a call waits out its backoff.
 * <p>
 * The unit tests under these: {@code RequestTraits}/{@code IdempotencyRulesTests} (a blank key counts
 * as absent), {@code CallRetryTests} and {@code ResetGuardTests} (interrupt during backoff on a
 * {@code Sleeper}), {@code NoDuplicatePostTests} (every toxic × request factory for POST), and the
 * WebClient toxic table in {@code docs/guides/web-client.md}, measured by
 * {@code AbstractWebClientResetTests}.
 */
@ExtendWith(ChaosServerExtension.class)
class BadRequestInputTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int UPLOAD_BYTES = 256 * 1024;

	/**
	 * Larger than loopback's socket buffers, so that the upload is still being written when the server
	 * resets it: a body that fits could be flushed whole first, and its reset seen while awaiting the response.
	 */
	private static final int ONE_SHOT_UPLOAD_BYTES = 8 * 1024 * 1024;

	private static final ResetClassifier CLASSIFIER = new ResetClassifier();

	/** A peer whose retries back off for 30 s, so an interrupt always lands in the backoff. */
	private static ChaosServer slowPeer;

	private static RunningApplication app;

	@BeforeAll
	static void start() {
		slowPeer = ChaosServer.start();
		app = RunningApplication.start("reset-guard.retry.initial-backoff=1ms", "reset-guard.retry.max-backoff=5ms",
				"reset-guard.peers.[" + peer(slowPeer) + "].retry.initial-backoff=30s",
				"reset-guard.peers.[" + peer(slowPeer) + "].retry.max-backoff=60s",
				"reset-guard.peers.[" + peer(slowPeer) + "].retry.jitter=0");
	}

	@AfterAll
	static void stop() {
		app.close();
		slowPeer.close();
	}

	@ParameterizedTest(name = "Idempotency-Key: \"{0}\"")
	@ValueSource(strings = { "", " ", "\t" })
	void blankIdempotencyKeyDoesNotMakeARestClientPostRetryable(String key, ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> client.post()
			.uri("/orders")
			.header("Idempotency-Key", key)
			.header("X-Request-Id", "order-1")
			.body("order")
			.retrieve()
			.toBodilessEntity());
		assertSentOnceAndNotRetried(server, "order-1", "rest-client");
	}

	/**
	 * Only an empty value: Reactor Netty refuses to send a header value of white space ("prohibited
	 * character 0x20"), so such a request never reaches a peer.
	 */
	@ParameterizedTest(name = "Idempotency-Key: \"{0}\"")
	@ValueSource(strings = { "" })
	void blankIdempotencyKeyDoesNotMakeAWebClientPostRetryable(String key, ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		WebClient client = app.bean(WebClient.Builder.class).baseUrl(server.url("/")).build();
		assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> client.post()
			.uri("/orders")
			.header("Idempotency-Key", key)
			.header("X-Request-Id", "order-1")
			.bodyValue("order")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertSentOnceAndNotRetried(server, "order-1", "web-client");
	}

	@Test
	void nonBlankIdempotencyKeyMakesTheSamePostRetryable(ChaosServer server) {
		server.next(1, Toxic.resetAfterRequestHead());
		RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
		client.post()
			.uri("/orders")
			.header("Idempotency-Key", "key-1")
			.header("X-Request-Id", "order-1")
			.body("order")
			.retrieve()
			.toBodilessEntity();
		assertThat(server.ledger().requestCountsById()).containsEntry("order-1", 2L);
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "outcome", "recovered")).isEqualTo(1);
	}

	@Test
	void webClientPublisherBodyIsNotSentAgainAfterAResetDuringUpload(ChaosServer server) {
		server.next(1, Toxic.resetDuringUpload(16 * 1024));
		WebClient client = app.bean(WebClient.Builder.class).baseUrl(server.url("/")).build();
		// An idempotent method: only the body stands in the way of a retry.
		Throwable failure = catchFailure(() -> client.put()
			.uri("/upload")
			.header("X-Request-Id", "upload-1")
			.body(oneShotBody(), DataBuffer.class)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		assertThat(CLASSIFIER.classify(failure).isReset()).isTrue();
		assertThat(server.ledger().requestCountsById()).containsEntry("upload-1", 1L);
		assertThat(server.ledger().count(ToxicKind.RESET_DURING_UPLOAD)).isEqualTo(1);
		assertThat(app.count("reset.guard.resets", "peer", peer(server), "phase", "sending-request")).isEqualTo(1);
		assertThat(app.count("reset.guard.retries", "peer", peer(server))).isZero();
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "outcome", "not-retryable")).isEqualTo(1);
	}

	@Test
	void webClientValueBodyIsSentAgainAfterTheSameReset(ChaosServer server) {
		server.next(1, Toxic.resetDuringUpload(16 * 1024));
		WebClient client = app.bean(WebClient.Builder.class).baseUrl(server.url("/")).build();
		client.put()
			.uri("/upload")
			.header("X-Request-Id", "upload-1")
			.bodyValue(new byte[UPLOAD_BYTES])
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(server.ledger().requestCountsById()).containsEntry("upload-1", 2L);
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "outcome", "recovered")).isEqualTo(1);
	}

	/**
	 * Reset Guard decorates a RestClient's request factory, so a streamed body reaches it as the
	 * application's own writer, unbuffered: one that cannot write the body twice is not sent again
	 * ({@code docs/guides/rest-client-and-rest-template.md}, "Request bodies"), and the caller gets the
	 * client's exception.
	 */
	@Test
	void restClientStreamedBodyThatIsNotRepeatableIsNotSentAgainAfterAResetDuringUpload(ChaosServer server) {
		server.next(1, Toxic.resetDuringUpload(16 * 1024));
		RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
		AtomicInteger writes = new AtomicInteger();
		Throwable failure = catchFailure(() -> client.put()
			.uri("/upload")
			.header("X-Request-Id", "upload-1")
			.body((StreamingHttpOutputMessage.Body) (output) -> {
				writes.incrementAndGet();
				output.write(new byte[UPLOAD_BYTES]);
			})
			.retrieve()
			.toBodilessEntity());
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		assertThat(CLASSIFIER.classify(failure).isReset()).isTrue();
		assertThat(server.ledger().requestCountsById()).containsEntry("upload-1", 1L);
		assertThat(writes.get()).as("times the application's body writer ran").isEqualTo(1);
		assertThat(app.count("reset.guard.resets", "peer", peer(server))).isEqualTo(1);
		assertThat(app.count("reset.guard.retries", "peer", peer(server))).isZero();
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "outcome", "not-retryable")).isEqualTo(1);
	}

	@Test
	void restClientValueBodyIsSentAgainWholeAfterTheSameReset(ChaosServer server) {
		server.next(1, Toxic.resetDuringUpload(16 * 1024));
		RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
		client.put()
			.uri("/upload")
			.header("X-Request-Id", "upload-1")
			.body(new byte[UPLOAD_BYTES])
			.retrieve()
			.toBodilessEntity();
		List<RequestRecord> uploads = server.ledger().requests();
		assertThat(uploads).hasSize(2);
		assertThat(uploads.get(1).bodyBytesRead()).isEqualTo(UPLOAD_BYTES);
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "outcome", "recovered")).isEqualTo(1);
	}

	@Test
	void resetMetWhileARestClientResponseIsClosedDoesNotEscapeAndIsRecordedOnce(ChaosServer server) {
		server.next(1, Toxic.resetAfterResponseBytes(8 * 1024));
		RestClient client = app.bean(RestClient.Builder.class).baseUrl(server.url("/")).build();
		ClientHttpResponse response = client.get().uri("/bytes/1000000").exchange((request, answer) -> answer, false);
		// Closing a response whose body is left drains it first, and the drain meets the reset.
		assertThatNoException().isThrownBy(response::close);
		assertThatNoException().isThrownBy(response::close);
		assertThat(app.count("reset.guard.resets", "peer", peer(server))).isEqualTo(1);
		assertThat(app.count("reset.guard.resets", "peer", peer(server), "phase", "receiving-response"))
			.isEqualTo(1);
		assertThat(app.count("reset.guard.calls", "peer", peer(server))).isEqualTo(1);
		assertThat(server.ledger().requests()).hasSize(1);
	}

	@Test
	void decoratedSocketClosedAfterAResetDoesNotThrowAndRecordsTheResetOnce(ChaosServer server) throws IOException {
		server.next(1, Toxic.resetAfterRequestHead());
		SocketFactory factory = app.bean("resetGuardSocketFactory", SocketFactory.class);
		Socket socket = factory.createSocket(server.host(), server.port());
		OutputStream output = socket.getOutputStream();
		InputStream input = socket.getInputStream();
		output.write("GET / HTTP/1.1\r\nHost: chaos\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		output.flush();
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> input.read());
		assertThatNoException().isThrownBy(input::close);
		assertThatNoException().isThrownBy(output::close);
		assertThatNoException().isThrownBy(socket::close);
		assertThatNoException().isThrownBy(socket::close);
		assertThat(app.count("reset.guard.resets", "peer", peer(server), "client", "socket")).isEqualTo(1);
	}

	@Test
	void decoratedSocketClosedWhileItsResetIsUnreadDoesNotThrow(ChaosServer server) throws Exception {
		server.next(1, Toxic.resetAfterRequestHead());
		SocketFactory factory = app.bean("resetGuardSocketFactory", SocketFactory.class);
		Socket socket = factory.createSocket(server.host(), server.port());
		socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: chaos\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		awaitUntil(() -> server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD) == 1);
		assertThatNoException().isThrownBy(socket::close);
		assertThatNoException().isThrownBy(socket::close);
		assertThat(app.count("reset.guard.resets", "peer", peer(server))).isLessThanOrEqualTo(1);
	}

	@Test
	void interruptDuringBackoffStopsTheCallPromptlyAndKeepsTheInterruptFlag() throws Exception {
		slowPeer.ledger().clear();
		slowPeer.always(Toxic.resetAfterRequestHead());
		try {
			RestClient client = app.bean(RestClient.Builder.class).baseUrl(slowPeer.url("/")).build();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			AtomicBoolean interruptFlag = new AtomicBoolean();
			Thread caller = new Thread(() -> {
				try {
					client.get().uri("/").retrieve().toBodilessEntity();
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
				interruptFlag.set(Thread.currentThread().isInterrupted());
			}, "hardening-interrupted-caller");
			caller.start();
			awaitUntil(() -> app.count("reset.guard.resets", "peer", peer(slowPeer)) == 1);
			// The reset is recorded before the 30 s backoff starts; give the caller time to reach it.
			Thread.sleep(300);
			assertThat(caller.isAlive()).isTrue();
			long interruptedAt = System.nanoTime();
			caller.interrupt();
			caller.join(TimeUnit.SECONDS.toMillis(30));
			long stoppedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
			assertThat(caller.isAlive()).isFalse();
			assertThat(stoppedAfterMillis).as("ms from interrupt to the call's end, backoff 30 s")
				.isLessThan(3_000);
			assertThat(interruptFlag).as("interrupt flag after the call").isTrue();
			assertThat(failure.get()).isInstanceOf(ResourceAccessException.class);
			assertThat(CLASSIFIER.classify(failure.get()).isReset()).isTrue();
			assertThat(slowPeer.ledger().requests()).as("attempts the peer saw").hasSize(1);
			assertThat(app.count("reset.guard.retries", "peer", peer(slowPeer))).isZero();
			assertThat(app.count("reset.guard.calls", "peer", peer(slowPeer))).isEqualTo(1);
		}
		finally {
			slowPeer.heal();
		}
	}

	private static void assertSentOnceAndNotRetried(ChaosServer server, String requestId, String client) {
		assertThat(server.ledger().requestCountsById()).containsEntry(requestId, 1L);
		assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(1);
		assertThat(app.count("reset.guard.resets", "peer", peer(server), "client", client)).isEqualTo(1);
		assertThat(app.count("reset.guard.retries", "peer", peer(server))).isZero();
		assertThat(app.count("reset.guard.calls", "peer", peer(server), "client", client, "outcome",
				"not-retryable"))
			.isEqualTo(1);
	}

	/** A body that can be subscribed to once: each buffer is made as it is requested. */
	private static Flux<DataBuffer> oneShotBody() {
		byte[] chunk = new byte[4096];
		Arrays.fill(chunk, (byte) 'x');
		return Flux.range(0, ONE_SHOT_UPLOAD_BYTES / chunk.length)
			.map((index) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.clone()));
	}

	private static Throwable catchFailure(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("The call did not fail");
	}

	private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Condition not met within " + TIMEOUT);
			}
			Thread.sleep(10);
		}
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
