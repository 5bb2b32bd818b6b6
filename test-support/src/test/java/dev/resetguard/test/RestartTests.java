package dev.resetguard.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link ChaosServer#restart(Duration)} and {@link ChaosServer#restartGracefully(Duration)} look to
 * clients: open connections reset, or closed after their last response, connects refused while down, and
 * the same port back afterwards.
 */
@ExtendWith(ChaosServerExtension.class)
class RestartTests {

	@Test
	void resetsOpenConnectionsRefusesConnectsThenListensOnTheSamePort(ChaosServer server) throws Exception {
		int port = server.port();
		WireClient idle = WireClient.connect(server);
		WireClient busy = WireClient.connect(server);
		assertThat(idle.get("/").readResponse().bodyText()).isEqualTo("ok");
		busy.get("/delay/5000?slow=1");
		Awaiting.until(() -> server.ledger().requests().size() == 2);
		CompletableFuture<Void> listening = server.restart(Duration.ofMillis(300));
		assertThat(listening).isNotDone();
		assertThat(server.ledger().count(ToxicKind.RESTART)).isEqualTo(2);
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> idle.input().read())
			.withMessage("Connection reset");
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> busy.input().read())
			.withMessage("Connection reset");
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(server.address().getAddress(), port).close())
			.withMessageContaining("Connection refused");
		listening.get(5, TimeUnit.SECONDS);
		assertThat(server.port()).isEqualTo(port);
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().injections()).extracting(Injection::path).containsExactlyInAnyOrder(null, "/delay/5000");
		idle.close();
		busy.close();
	}

	@Test
	void clientsUnderLoadSeeNoResetThatTheLedgerMissed(ChaosServer server) throws Exception {
		int callers = 50;
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger resetsSeen = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			for (int caller = 0; caller < callers; caller++) {
				executor.execute(() -> {
					while (running.get()) {
						try (WireClient client = WireClient.connect(server)) {
							client.get("/delay/5").readResponse();
						}
						catch (IOException ex) {
							if (String.valueOf(ex.getMessage()).contains("reset")) {
								resetsSeen.incrementAndGet();
							}
						}
					}
				});
			}
			Thread.sleep(100);
			server.restart(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
			Thread.sleep(50);
		}
		finally {
			running.set(false);
			executor.shutdown();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		// A handshake the kernel completes between the last drain of the accept queue and the close of the
		// listener is reset by the kernel itself, unseen by any user-space server: a window of microseconds
		// that a loaded machine can hit once or twice. Anything beyond that means the ledger lost resets.
		int kernelWindow = 2;
		assertThat(resetsSeen.get()).isPositive()
			.isLessThanOrEqualTo((int) server.ledger().count(ToxicKind.RESTART) + kernelWindow);
	}

	@Test
	void restartRecordsNothingWhenNoConnectionIsOpen(ChaosServer server) throws Exception {
		server.restart(Duration.ZERO).get(5, TimeUnit.SECONDS);
		assertThat(server.ledger().injectedCount()).isZero();
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
	}

	@Test
	void instantRestartResetsOpenConnectionsAndListensAgainAtOnce(ChaosServer server) throws Exception {
		try (WireClient pooled = WireClient.connect(server)) {
			assertThat(pooled.get("/").readResponse().bodyText()).isEqualTo("ok");
			server.restart(Duration.ZERO).get(1, TimeUnit.SECONDS);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> pooled.input().read())
				.withMessage("Connection reset");
		}
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		assertThat(server.ledger().count(ToxicKind.RESTART)).isEqualTo(1);
	}

	@Test
	void gracefulRestartClosesIdleConnectionsAnswersBusyOnesRefusesConnectsThenListensAgain(ChaosServer server)
			throws Exception {
		int port = server.port();
		try (WireClient idle = WireClient.connect(server); WireClient busy = WireClient.connect(server)) {
			assertThat(idle.get("/").readResponse().bodyText()).isEqualTo("ok");
			busy.get("/delay/300");
			Awaiting.until(() -> server.ledger().requests().size() == 2);
			CompletableFuture<Void> listening = server.restartGracefully(Duration.ofMillis(500));
			assertThat(idle.input().read()).as("FIN on the idle connection").isEqualTo(-1);
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket(server.address().getAddress(), port).close())
				.withMessageContaining("Connection refused");
			WireClient.Response last = busy.readResponse();
			assertThat(last.bodyText()).isEqualTo("ok");
			assertThat(last.header("connection")).isEqualTo("close");
			assertThat(busy.input().read()).as("FIN after the last response").isEqualTo(-1);
			listening.get(5, TimeUnit.SECONDS);
		}
		try (WireClient client = WireClient.connect(server)) {
			assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
		}
		Awaiting.until(() -> server.ledger().count(ToxicKind.GRACEFUL_RESTART) == 2);
		assertThat(server.ledger().injectedCount()).isEqualTo(2);
	}

	@Test
	void restartWhileRestartingIsRejected(ChaosServer server) throws Exception {
		// Long enough that a loaded machine cannot finish the downtime before the second call.
		CompletableFuture<Void> listening = server.restart(Duration.ofMillis(1500));
		assertThatIllegalStateException().isThrownBy(() -> server.restart(Duration.ZERO));
		listening.get(5, TimeUnit.SECONDS);
	}

	@Test
	void closeDuringDowntimeFailsThePendingRestart(ChaosServer server) {
		CompletableFuture<Void> listening = server.restart(Duration.ofSeconds(30));
		server.close();
		assertThat(listening).isCompletedExceptionally();
	}

	@Test
	void restartsTwiceInARow(ChaosServer server) throws Exception {
		for (int i = 0; i < 2; i++) {
			try (WireClient client = WireClient.connect(server)) {
				assertThat(client.get("/").readResponse().bodyText()).isEqualTo("ok");
				server.restart(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.input().read());
			}
		}
		assertThat(server.ledger().count(ToxicKind.RESTART)).isEqualTo(2);
	}

}
