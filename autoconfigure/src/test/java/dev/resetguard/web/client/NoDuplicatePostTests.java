package dev.resetguard.web.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.web.client.DecoratedClients.Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Under {@code non-idempotent: safe-only} a POST is never sent twice: through every reset toxic and
 * every request factory, the chaos server's ledger never sees the same request id twice. The control
 * shows the ledger would catch a duplicate.
 */
@ExtendWith(ChaosServerExtension.class)
class NoDuplicatePostTests {

	private static final int POSTS = 2;

	private static final byte[] BODY = new byte[64 * 1024];

	static Stream<Arguments> everyToxicThroughEveryFactory() {
		return Factory.all()
			.stream()
			.flatMap((factory) -> Arrays.stream(Fault.values()).map((fault) -> arguments(factory, fault)));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("everyToxicThroughEveryFactory")
	void postIsNeverDuplicatedUnderSafeOnly(Factory factory, Fault fault, ChaosServer server) {
		DecoratedClients.runner().withPropertyValues(factory.property()).run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			for (int i = 0; i < POSTS; i++) {
				fault.prepare(client, server);
				post(client, server, fault + "-" + i);
				server.heal();
				server.clearIdleTimeout();
			}
			assertThat(server.ledger().injectedCount()).isPositive();
			assertThat(server.ledger().duplicatedRequestIds()).isEmpty();
		});
	}

	@Test
	void postIsDuplicatedWhenNonIdempotentRequestsMayAlwaysBeRetried(ChaosServer server) {
		DecoratedClients.runner().withPropertyValues("reset-guard.retry.non-idempotent=always").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			server.next(1, Toxic.resetAfterRequestHead());
			post(client, server, "control");
			assertThat(server.ledger().duplicatedRequestIds()).containsExactly("control");
		});
	}

	private static void post(RestClient client, ChaosServer server, String requestId) {
		try {
			client.post().uri(server.url("/orders")).header("X-Request-Id", requestId).body(BODY).retrieve()
				.body(String.class);
		}
		catch (RuntimeException ex) {
			// Reset and not retried, as the ledger is to show (Reactor's factory throws its own unchecked exception
			// from the body); any other failure is a failure of the test.
			if (!ResetClassifier.standard().isReset(ex)) {
				throw ex;
			}
		}
	}

	/**
	 * A way for the peer to reset a POST.
	 */
	enum Fault {

		RESET_ON_ACCEPT(Toxic.resetOnAccept()),

		RESET_AFTER_HEAD(Toxic.resetAfterRequestHead()),

		RESET_DURING_UPLOAD(Toxic.resetDuringUpload(1024)),

		SILENCE_THEN_RESET(Toxic.silenceThenReset(Duration.ofMillis(50))),

		RESET_AFTER_RESPONSE_BYTES(Toxic.resetAfterResponseBytes(10)),

		STALE_RST(CloseMode.RST),

		STALE_FIN(CloseMode.FIN);

		private final Toxic toxic;

		private final CloseMode idleClose;

		Fault(Toxic toxic) {
			this.toxic = toxic;
			this.idleClose = null;
		}

		Fault(CloseMode idleClose) {
			this.toxic = null;
			this.idleClose = idleClose;
		}

		void prepare(RestClient client, ChaosServer server) throws InterruptedException {
			if (this.toxic != null) {
				server.always(this.toxic);
				return;
			}
			client.get().uri(server.url("/warm-up")).retrieve().body(String.class);
			server.idleTimeout(Duration.ofMillis(100), this.idleClose);
			Thread.sleep(300);
		}

	}

}
