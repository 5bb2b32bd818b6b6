package dev.resetguard.test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a {@link ChaosServer} starts, carries load and stops.
 */
class ChaosServerLifecycleTests {

	@Test
	void closeStopsEveryThreadPromptly() throws Exception {
		ChaosServer server = ChaosServer.start();
		server.idleTimeout(Duration.ofSeconds(30), CloseMode.RST);
		List<WireClient> clients = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			clients.add(WireClient.connect(server));
		}
		clients.get(0).get("/");
		clients.get(1).get("/delay/30000");
		clients.get(2).get("/", "X-Chaos-Toxic: silence-then-reset:30s");
		clients.get(3).send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf");
		Awaiting.until(() -> server.ledger().requests().size() == 4);
		assertThat(Awaiting.chaosThreads(server.port())).hasSizeGreaterThanOrEqualTo(6);
		long start = System.nanoTime();
		server.close();
		// Well before the 30 s the delayed and silent requests would take: close did not wait for them.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(Awaiting.chaosThreads(server.port())).isEmpty();
		for (WireClient client : clients) {
			client.close();
		}
	}

	@Test
	void closeIsIdempotent() {
		ChaosServer server = ChaosServer.start();
		server.close();
		server.close();
		assertThat(Awaiting.chaosThreads(server.port())).isEmpty();
	}

	@Test
	void threadsAreNamedAfterThePort() throws IOException {
		try (ChaosServer server = ChaosServer.start(); WireClient client = WireClient.connect(server)) {
			client.get("/").readResponse();
			assertThat(Awaiting.chaosThreads(server.port())).extracting(Thread::getName)
				.contains("chaos-" + server.port() + "-accept", "chaos-" + server.port() + "-1")
				.allSatisfy((name) -> assertThat(name).startsWith("chaos-" + server.port() + "-"));
			assertThat(Awaiting.chaosThreads(server.port())).allMatch(Thread::isDaemon);
		}
	}

	@Test
	void listensOnIpv6Loopback() throws Exception {
		try (ChaosServer server = ChaosServer.builder().bindAddress(InetAddress.getByName("::1")).start()) {
			assertThat(server.host()).isEqualTo("[::1]");
			HttpURLConnection connection = (HttpURLConnection) URI.create(server.url("/x")).toURL().openConnection();
			assertThat(connection.getResponseCode()).isEqualTo(200);
			assertThat(new String(connection.getInputStream().readAllBytes())).isEqualTo("ok");
		}
	}

	@Test
	void refusesToListenBeyondLoopback() throws Exception {
		InetAddress everywhere = InetAddress.getByName("0.0.0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosServer.builder().bindAddress(everywhere))
			.withMessage("A chaos server listens on loopback only, not on " + everywhere);
	}

	@Test
	void ledgerRevealsHttpUrlConnectionSilentlyRetryingAGet() throws Exception {
		try (ChaosServer server = ChaosServer.start()) {
			server.next(1, Toxic.resetAfterRequestHead());
			HttpURLConnection connection = (HttpURLConnection) URI.create(server.url("/get")).toURL().openConnection();
			connection.setRequestProperty("X-Request-Id", "once");
			assertThat(connection.getResponseCode()).isEqualTo(200);
			connection.getInputStream().readAllBytes();
			assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(1);
			assertThat(server.ledger().duplicatedRequestIds()).containsExactly("once");
			assertThat(server.ledger().connectionsAccepted()).isEqualTo(2);
		}
	}

	@Test
	void servesTwoHundredConcurrentKeepAliveCallers() throws Exception {
		int callers = 200;
		int requestsEach = 5;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try (ChaosServer server = ChaosServer.start()) {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				int id = caller;
				tasks.add(() -> {
					int ok = 0;
					try (WireClient client = WireClient.connect(server)) {
						for (int request = 0; request < requestsEach; request++) {
							if (client.get("/c", "X-Request-Id: " + id + "-" + request).readResponse().status() == 200) {
								ok++;
							}
						}
					}
					return ok;
				});
			}
			int ok = 0;
			for (Future<Integer> result : executor.invokeAll(tasks)) {
				ok += result.get();
			}
			assertThat(ok).isEqualTo(callers * requestsEach);
			assertThat(server.ledger().connectionsAccepted()).isEqualTo(callers);
			assertThat(server.ledger().requests()).hasSize(callers * requestsEach).allMatch(RequestRecord::answered);
			assertThat(server.ledger().duplicatedRequestIds()).isEmpty();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void injectsExactlyTheRequestedNumberUnderConcurrency() throws Exception {
		int callers = 200;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try (ChaosServer server = ChaosServer.start()) {
			server.next(100, Toxic.resetAfterRequestHead());
			List<Callable<Boolean>> tasks = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				tasks.add(() -> {
					try (WireClient client = WireClient.connect(server)) {
						return client.get("/").readResponse().status() == 200;
					}
					catch (SocketException ex) {
						return false;
					}
				});
			}
			int reset = 0;
			for (Future<Boolean> result : executor.invokeAll(tasks)) {
				reset += result.get() ? 0 : 1;
			}
			assertThat(reset).isEqualTo(100);
			assertThat(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD)).isEqualTo(100);
			assertThat(server.ledger().requests()).hasSize(callers);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
