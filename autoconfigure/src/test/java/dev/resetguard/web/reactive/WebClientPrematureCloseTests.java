package dev.resetguard.web.reactive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMeters.TagKey;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.netty.ReactorNettyInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the instrumented channel tells a call on its own, without the response body being watched: a
 * peer that closes the connection (FIN) in the middle of a response body, which the chaos server cannot
 * do, so a minimal loopback server does it here; and a request that carries an {@link Attempt} whose retry
 * loop, not Reset Guard's filter, reports no decisions.
 */
@ExtendWith(ChaosServerExtension.class)
class WebClientPrematureCloseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final RecordedResets resets = new RecordedResets();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(RecordedResets.class, () -> this.resets)
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void peerClosingMidBodyIsRecordedOnceAndEndsTheCallNotRetryableBeforeTheCallerHearsOfIt() throws Exception {
		try (ClosingMidBodyServer server = new ClosingMidBodyServer()) {
			this.contextRunner.run((context) -> {
				WebClient client = context.getBean(WebClient.Builder.class).build();
				Throwable failure = catchThrowable(
						() -> client.get().uri(server.url()).retrieve().bodyToMono(String.class).block(TIMEOUT));
				assertThat(failure).isNotNull();
				// Checked at once: the call's outcome must be in before its caller sees the failure.
				assertThat(calls(context, CallOutcome.NOT_RETRYABLE)).isEqualTo(1);
				assertThat(calls(context, CallOutcome.SUCCESS)).isZero();
				ResetEvent event = this.resets.single();
				assertThat(event.phase()).isEqualTo(ResetPhase.RECEIVING_RESPONSE);
				assertThat(event.signal()).isEqualTo(ResetSignal.PREMATURE_CLOSE);
				assertThat(event.facts().bytesReceived()).isPositive();
				assertThat(server.requests()).isEqualTo(1);
			});
		}
	}

	@Test
	void completeResponseEndsTheCallBeforeTheCallerHasTheBody(ChaosServer server) {
		this.contextRunner.run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			for (int i = 1; i <= 3; i++) {
				assertThat(client.get().uri(server.url("/bytes/1000")).retrieve().bodyToMono(String.class).block(TIMEOUT))
					.hasSize(1000);
				assertThat(calls(context, CallOutcome.SUCCESS)).isEqualTo(i);
			}
			assertThat(this.resets.events()).isEmpty();
		});
	}

	@Test
	void attemptOfALoopThatDoesNotDecideIsBoundAndGetsItsResetPublishedAtOnce(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner.run((context) -> {
			ReactorNettyInstrumentation instrumentation = ReactorNettyInstrumentation
				.builder(context.getBean(ResetRecorder.class))
				.client(ClientKind.WEB_CLIENT)
				.build();
			HttpClient httpClient = instrumentation.instrument(HttpClient.create());
			Attempt attempt = new Attempt(ClientKind.WEB_CLIENT,
					server.address().getHostString() + ":" + server.address().getPort(), 1) {

				@Override
				public boolean decides() {
					return false;
				}

			};
			Throwable failure = catchThrowable(() -> httpClient.get()
				.uri(server.url("/s2"))
				.responseContent()
				.aggregate()
				.asString()
				.contextWrite(Context.of(Attempt.CONTEXT_KEY, attempt))
				.block(TIMEOUT));
			assertThat(failure).isNotNull();
			assertThat(attempt.connection()).isNotNull();
			assertThat(attempt.reset()).isNotNull().isEqualTo(this.resets.single());
			assertThat(attempt.reset().phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		});
	}

	private static double calls(AssertableApplicationContext context, CallOutcome outcome) {
		return Search.in(context.getBean(MeterRegistry.class))
			.name(ResetGuardMeters.CALLS.getName())
			.tag(TagKey.CLIENT.asString(), "web-client")
			.tag(TagKey.OUTCOME.asString(), outcome.tagValue())
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	/**
	 * A loopback server that answers each request with a head promising 1,000 body bytes, sends 100 and
	 * closes the connection normally (FIN).
	 */
	private static final class ClosingMidBodyServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger requests = new AtomicInteger();

		private final Thread acceptor = new Thread(this::serve, "closing-mid-body-server");

		ClosingMidBodyServer() throws IOException {
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.socket.getLocalPort() + "/cut";
		}

		int requests() {
			return this.requests.get();
		}

		private void serve() {
			while (!this.socket.isClosed()) {
				try (Socket connection = this.socket.accept()) {
					readHead(connection.getInputStream());
					this.requests.incrementAndGet();
					OutputStream out = connection.getOutputStream();
					out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.write(new byte[100]);
					out.flush();
				}
				catch (IOException ex) {
					// Closed by the test, or the client went away: either way, the next connection.
				}
			}
		}

		private static void readHead(InputStream in) throws IOException {
			int matched = 0;
			byte[] end = { '\r', '\n', '\r', '\n' };
			while (matched < end.length) {
				int b = in.read();
				if (b < 0) {
					throw new IOException("Request head ended early");
				}
				matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
