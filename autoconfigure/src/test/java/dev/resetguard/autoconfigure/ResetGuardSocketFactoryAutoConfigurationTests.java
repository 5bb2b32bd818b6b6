package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.ResetGuardSslSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

@ExtendWith(ChaosServerExtension.class)
class ResetGuardSocketFactoryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ResetGuardSocketFactoryAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void providesBothSocketFactories() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("resetGuardSocketFactory")).isInstanceOf(ResetGuardSocketFactory.class);
			assertThat(context.getBean("resetGuardSslSocketFactory")).isInstanceOf(ResetGuardSslSocketFactory.class);
		});
	}

	@Test
	void switchedOffBySocketFactoryProperty() {
		this.contextRunner.withPropertyValues("reset-guard.clients.socket-factory.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("resetGuardSocketFactory")
				.doesNotHaveBean("resetGuardSslSocketFactory")
				.doesNotHaveBean(SocketInstrumentation.class));
	}

	@Test
	void switchedOffByEnabledProperty() {
		this.contextRunner.withPropertyValues("reset-guard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("resetGuardSocketFactory"));
	}

	@Test
	void backsOffWhenUserDefinesSocketFactory() {
		SocketFactory userFactory = SocketFactory.getDefault();
		this.contextRunner.withBean("resetGuardSocketFactory", SocketFactory.class, () -> userFactory)
			.run((context) -> assertThat(context.getBean("resetGuardSocketFactory")).isSameAs(userFactory));
	}

	@Test
	void backsOffWhenUserDefinesSslSocketFactory() {
		SSLSocketFactory userFactory = (SSLSocketFactory) SSLSocketFactory.getDefault();
		this.contextRunner.withBean("resetGuardSslSocketFactory", SSLSocketFactory.class, () -> userFactory)
			.run((context) -> assertThat(context.getBean("resetGuardSslSocketFactory")).isSameAs(userFactory));
	}

	@Test
	void socketsUseTheConfiguredSettings(ChaosServer server) {
		this.contextRunner
			.withPropertyValues("reset-guard.socket.read-timeout=1234ms", "reset-guard.socket.keep-alive=false")
			.run((context) -> {
				SocketFactory factory = context.getBean("resetGuardSocketFactory", SocketFactory.class);
				try (Socket socket = factory.createSocket(server.host(), server.port())) {
					assertThat(socket.getSoTimeout()).isEqualTo(1234);
					assertThat(socket.getKeepAlive()).isFalse();
				}
			});
	}

	@Test
	void classNameFactoryUsesTheApplicationsSettingsWhileTheContextRuns(ChaosServer server) throws IOException {
		this.contextRunner.withPropertyValues("reset-guard.socket.read-timeout=4321ms").run((context) -> {
			try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
				assertThat(socket.getSoTimeout()).isEqualTo(4321);
			}
		});
		try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
			assertThat(socket.getSoTimeout()).isEqualTo(30_000);
		}
	}

	@Test
	void classNameFactoryConnectionOpenedBeforeTheContextStartedHasItsResetCounted(ChaosServer server)
			throws Exception {
		try (Socket socket = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write("GET /startup HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			readResponse(in);
			this.contextRunner.run((context) -> {
				server.next(1, Toxic.resetAfterRequestHead());
				out.write("GET /later HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThatIOException().isThrownBy(() -> readResponse(in)).withMessage("Connection reset");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				// A pooled connection reset with its request out is counted once no restart shows: an
				// answer to a later request tells.
				try (Socket next = new ResetGuardSocketFactory().createSocket(server.host(), server.port())) {
					next.getOutputStream().write("GET /next HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					readResponse(next.getInputStream());
				}
				assertThat(total(registry.find("reset.guard.resets")
					.tag("client", "socket")
					.tag("peer", server.host() + ":" + server.port())
					.tag("phase", "awaiting-response"))).isEqualTo(1);
			});
		}
	}

	@Test
	void resetCountsEqualTheLedgerExactly(ChaosServer server) {
		// A high restart threshold keeps each toxic's own cause: this test is about counting. The idle timeout
		// below is under the default min-idle that makes a reset after a pause an idle timeout.
		this.contextRunner.withPropertyValues("reset-guard.cause.restart-min-connections=1000",
				"reset-guard.prevention.min-idle=50ms").run((context) -> {
			SocketFactory factory = context.getBean("resetGuardSocketFactory", SocketFactory.class);
			server.always(Toxic.resetAfterRequestHead());
			for (int i = 0; i < 5; i++) {
				assertThatIOException().isThrownBy(() -> exchange(factory, server, 1));
			}
			server.heal();
			server.always(Toxic.resetAfterResponseBytes(100));
			for (int i = 0; i < 4; i++) {
				assertThatIOException().isThrownBy(() -> exchange(factory, server, 1));
			}
			server.heal();
			server.idleTimeout(Duration.ofMillis(100), CloseMode.RST);
			for (int i = 0; i < 3; i++) {
				assertThatIOException().isThrownBy(() -> exchange(factory, server, 2));
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			String peer = server.host() + ":" + server.port();
			Search resets = registry.find("reset.guard.resets").tag("client", "socket").tag("peer", peer);
			assertThat(total(resets)).isEqualTo(server.ledger().injectedCount()).isEqualTo(12);
			assertThat(total(registry.find("reset.guard.resets").tag("cause", "request-rejected")
				.tag("phase", "awaiting-response")
				.tag("exception", "SocketException"))).isEqualTo(server.ledger().count(ToxicKind.RESET_AFTER_REQUEST_HEAD));
			assertThat(total(registry.find("reset.guard.resets").tag("cause", "response-aborted")
				.tag("phase", "receiving-response"))).isEqualTo(server.ledger().count(ToxicKind.RESET_AFTER_RESPONSE_BYTES));
			assertThat(total(registry.find("reset.guard.resets").tag("cause", "stale-connection")))
				.isEqualTo(server.ledger().count(ToxicKind.IDLE_CLOSE_RST));
			assertThat(registry.get("reset.guard.connection.idle").summary().count()).isEqualTo(3);
		});
	}

	private static long total(Search search) {
		return (long) search.counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	/**
	 * Make the given number of keep-alive requests on one connection, pausing between them so an idle
	 * timeout can strike, and read each response to the end.
	 */
	private static void exchange(SocketFactory factory, ChaosServer server, int requests) throws Exception {
		try (Socket socket = factory.createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < requests; i++) {
				if (i > 0) {
					Thread.sleep(300);
				}
				out.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				readResponse(in);
			}
		}
	}

	private static void readResponse(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("end of stream");
			}
			head.append((char) b);
		}
		String lengthHeader = head.substring(head.indexOf("Content-Length:") + 15, head.indexOf("\r\n",
				head.indexOf("Content-Length:")));
		int length = Integer.parseInt(lengthHeader.trim());
		if (in.readNBytes(length).length < length) {
			throw new IOException("end of stream inside the body");
		}
	}

}
