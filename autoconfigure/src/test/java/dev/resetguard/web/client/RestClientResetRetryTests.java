package dev.resetguard.web.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static dev.resetguard.web.client.DecoratedClients.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code RestClient} from Boot's builder over Apache HttpClient 5, Boot's default: real loopback
 * resets are retried by Reset Guard's rules, recorded once with the connection facts its sockets saw,
 * and every call reports one outcome.
 */
@ExtendWith(ChaosServerExtension.class)
class RestClientResetRetryTests {

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = DecoratedClients.runner()
		.withBean("recordingListener", ResetEventListener.class, () -> this.events::add);

	@Test
	void getResetAfterTheRequestIsRetriedAndRecovers(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThat(client(context).get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(2);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(total(registry, "reset.guard.calls", "client", "rest-client", "outcome", "recovered")).isOne();
			assertThat(total(registry, "reset.guard.retries", "cause", "request-rejected")).isOne();
			assertThat(total(registry, "reset.guard.resets", "client", "rest-client", "peer", peer(server), "phase",
					"awaiting-response", "cause", "request-rejected", "exception", "SocketException"))
				.isOne();
		});
	}

	@Test
	void resetWithFullConnectionFactsIsPublishedOnce(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			client(context).get().uri(server.url("/item")).retrieve().body(String.class);
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.attempt()).isOne();
				assertThat(event.facts()).isNotNull();
				assertThat(event.facts().reused()).isFalse();
				assertThat(event.facts().bytesSent()).isPositive();
				assertThat(event.facts().bytesReceived()).isZero();
				assertThat(event.facts().remoteAddress()).isEqualTo(peer(server));
			});
		});
	}

	@Test
	void callResetOnEveryAttemptThrowsTheClientsOwnException(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.always(Toxic.resetAfterRequestHead());
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context).get().uri(server.url("/item")).retrieve().body(String.class))
				.withRootCauseExactlyInstanceOf(java.net.SocketException.class);
			assertThat(server.ledger().requests()).hasSize(3);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(total(registry, "reset.guard.calls", "outcome", "exhausted")).isOne();
			assertThat(total(registry, "reset.guard.retries")).isEqualTo(2);
			assertThat(this.events).extracting(ResetEvent::attempt).containsExactly(1, 2, 3);
		});
	}

	@Test
	void postResetAfterItWasSentIsNotRetried(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.always(Toxic.resetAfterRequestHead());
			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
					() -> client(context).post().uri(server.url("/orders")).body("order").retrieve().body(String.class));
			assertThat(server.ledger().requests()).hasSize(1);
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "not-retryable"))
				.isOne();
		});
	}

	@Test
	void postWithIdempotencyKeyIsRetried(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			String body = client(context).post()
				.uri(server.url("/orders"))
				.header("Idempotency-Key", "order-17")
				.body("order")
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("ok");
			assertThat(server.ledger().requestCountsById()).containsEntry("order-17", 2L);
		});
	}

	@Test
	void resetWhileTheCallerReadsTheBodyIsRecordedOnceAndNotRetried(ChaosServer server) {
		this.contextRunner.run((context) -> {
			server.always(Toxic.resetAfterResponseBytes(10));
			assertThatExceptionOfType(RestClientException.class)
				.isThrownBy(() -> client(context).get().uri(server.url("/item")).retrieve().body(String.class));
			assertThat(server.ledger().requests()).hasSize(1);
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.phase()).isEqualTo(ResetPhase.RECEIVING_RESPONSE);
				assertThat(event.facts().bytesReceived()).isPositive();
			});
			assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "not-retryable"))
				.isOne();
		});
	}

	@Test
	void postOnAStaleConnectionResetByThePeerIsRetriedBecauseNoByteReachedIt(ChaosServer server) {
		this.contextRunner.run((context) -> {
			RestClient client = client(context);
			client.get().uri(server.url("/warm-up")).retrieve().body(String.class);
			server.idleTimeout(Duration.ofMillis(100), CloseMode.RST);
			Thread.sleep(400);
			String body = client.post().uri(server.url("/orders")).header("X-Request-Id", "o-1").body("order")
				.retrieve()
				.body(String.class);
			server.clearIdleTimeout();
			assertThat(body).isEqualTo("ok");
			assertThat(server.ledger().requestCountsById()).containsEntry("o-1", 1L);
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.phase()).isEqualTo(ResetPhase.SENDING_REQUEST);
				assertThat(event.cause().tagValue()).isEqualTo("stale-connection");
				assertThat(event.facts().reused()).isTrue();
				assertThat(event.facts().bytesSent()).isZero();
				assertThat(event.facts().idleBeforeUse()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			});
		});
	}

	@Test
	void postOnAStaleConnectionClosedByThePeerIsNotRetriedAsItMayHaveBeenSent(ChaosServer server) {
		// A FIN shows no close before the request, so only the idle time, here a few hundred
		// milliseconds, can make the reset stale: min-idle below it.
		this.contextRunner.withPropertyValues("reset-guard.prevention.min-idle=50ms").run((context) -> {
			RestClient client = client(context);
			client.get().uri(server.url("/warm-up")).retrieve().body(String.class);
			server.idleTimeout(Duration.ofMillis(100), CloseMode.FIN);
			Thread.sleep(400);
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.post().uri(server.url("/orders")).body("order").retrieve().body(String.class))
				.withCauseInstanceOf(NoHttpResponseException.class);
			server.clearIdleTimeout();
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
				assertThat(event.exception()).isEqualTo("EOFException");
				assertThat(event.cause().tagValue()).isEqualTo("stale-connection");
			});
		});
	}

	@Test
	void resetsEqualTheLedgerExactlyOneEventPerInjectedReset(ChaosServer server) {
		this.contextRunner.run((context) -> {
			RestClient client = client(context);
			server.next(2, Toxic.resetAfterRequestHead());
			client.get().uri(server.url("/a")).retrieve().body(String.class);
			server.always(Toxic.resetAfterResponseBytes(5));
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(RestClientException.class)
					.isThrownBy(() -> client.get().uri(server.url("/b")).retrieve().body(String.class));
			}
			server.heal();
			server.next(2, Toxic.resetOnAccept());
			client.get().uri(server.url("/c")).retrieve().body(String.class);
			server.idleTimeout(Duration.ofMillis(100), CloseMode.RST);
			for (int i = 0; i < 2; i++) {
				Thread.sleep(300);
				client.get().uri(server.url("/d")).retrieve().body(String.class);
			}
			server.clearIdleTimeout();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(server.ledger().injectedCount()).isEqualTo(9);
			assertThat(total(registry, "reset.guard.resets")).as(this.events::toString)
				.isEqualTo(server.ledger().injectedCount());
			assertThat(this.events).hasSize(9);
			assertThat(total(registry, "reset.guard.resets", "cause", "stale-connection"))
				.isEqualTo(server.ledger().count(ToxicKind.IDLE_CLOSE_RST));
		});
	}

	@Test
	void apachesOwnRetryIsOffSoEveryAttemptOnTheWireIsCounted(ChaosServer server) {
		this.contextRunner.withPropertyValues("reset-guard.retry.max-attempts=1").run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client(context).get().uri(server.url("/item")).retrieve().body(String.class));
			assertThat(server.ledger().requests()).hasSize(1);
		});
	}

	@Test
	void withoutResetGuardApacheRetriesTheGetOnceByItself(ChaosServer server) {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false").run((context) -> {
			server.next(1, Toxic.resetAfterRequestHead());
			assertThat(client(context).get().uri(server.url("/item")).retrieve().body(String.class)).isEqualTo("ok");
			assertThat(server.ledger().requests()).hasSize(2);
			assertThat(this.events).isEmpty();
		});
	}

	private static RestClient client(AssertableApplicationContext context) {
		return context.getBean(RestClient.Builder.class).build();
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

}
