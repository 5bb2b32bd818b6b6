package dev.resetguard.test;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * How {@link ChaosServer#idleTimeout} closes idle keep-alive connections, as clients with a stale pooled
 * connection see it.
 */
@ExtendWith(ChaosServerExtension.class)
class IdleTimeoutTests {

	private static final Duration IDLE = Duration.ofMillis(150);

	@Test
	void rstClosedIdleConnectionFailsTheNextExchangeWithAReset(ChaosServer server) throws IOException {
		server.idleTimeout(IDLE, CloseMode.RST);
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/first").readResponse().bodyText()).isEqualTo("ok");
			Awaiting.until(() -> server.ledger().count(ToxicKind.IDLE_CLOSE_RST) == 1);
			assertThatIOException().isThrownBy(() -> {
				client.get("/second");
				client.readResponse();
			}).withMessageContaining("reset");
		}
		Injection injection = server.ledger().injections().get(0);
		assertThat(injection.method()).isNull();
		assertThat(injection.bytesWritten()).isPositive();
		assertThat(server.ledger().requests()).extracting(RequestRecord::path).containsExactly("/first");
	}

	@Test
	void finClosedIdleConnectionReadsEndOfStream(ChaosServer server) throws IOException {
		server.idleTimeout(IDLE, CloseMode.FIN);
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/first").readResponse().bodyText()).isEqualTo("ok");
			Awaiting.until(() -> server.ledger().count(ToxicKind.IDLE_CLOSE_FIN) == 1);
			assertThat(client.input().read()).isEqualTo(-1);
		}
		assertThat(server.ledger().injectedCount()).isEqualTo(1);
	}

	@Test
	void connectionWithARequestInProgressIsNotIdle(ChaosServer server) throws IOException {
		server.idleTimeout(Duration.ofMillis(50), CloseMode.RST);
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/delay/300").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().requests()).singleElement().extracting(RequestRecord::answered).isEqualTo(true);
	}

	@Test
	void connectionUsedWithinTheTimeoutStaysOpen(ChaosServer server) throws IOException, InterruptedException {
		server.idleTimeout(Duration.ofMillis(400), CloseMode.RST);
		try (WireClient client = WireClient.connect(server)) {
			for (int i = 0; i < 4; i++) {
				assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
				Thread.sleep(100);
			}
		}
		assertThat(server.ledger().injectedCount()).isZero();
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(1);
	}

	@Test
	void clearedIdleTimeoutClosesNothing(ChaosServer server) throws IOException, InterruptedException {
		server.idleTimeout(Duration.ofMillis(50), CloseMode.RST);
		server.clearIdleTimeout();
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
			Thread.sleep(200);
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().injectedCount()).isZero();
	}

}
