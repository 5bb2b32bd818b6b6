package dev.resetguard.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.SocketFactory;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Two application contexts in one JVM (tests, a restarted context, devtools) and the socket factory that
 * JDBC drivers make by class name: each socket, a pooled one included, reports its resets to a context that
 * is alive, the one it was opened in while that one lives, and closing either context leaves the other
 * recording. The sockets are a loopback pool: connections kept open to a chaos server between requests.
 */
@ExtendWith(ChaosServerExtension.class)
class SocketFactoryContextsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ResetGuardSocketFactoryAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("reset-guard.cause.restart-min-connections=1000");

	@Test
	void closingTheLaterContextLeavesTheEarlierOneRecording(ChaosServer server) {
		this.contextRunner.run((first) -> {
			this.contextRunner.run((second) -> assertThat(second).hasNotFailed());
			try (Socket socket = classNameFactory().createSocket(server.host(), server.port())) {
				server.next(1, Toxic.resetAfterResponseBytes(10));
				assertThatIOException().isThrownBy(() -> exchange(socket));
			}
			assertThat(resets(first)).isOne();
		});
	}

	@Test
	void pooledSocketReportsToTheContextItWasOpenedInWhileThatOneLives(ChaosServer server) {
		this.contextRunner.run((first) -> {
			try (Socket pooled = classNameFactory().createSocket(server.host(), server.port())) {
				exchange(pooled);
				this.contextRunner.run((second) -> {
					server.next(1, Toxic.resetAfterResponseBytes(10));
					assertThatIOException().isThrownBy(() -> exchange(pooled));
					assertThat(resets(second)).isZero();
				});
			}
			assertThat(resets(first)).isOne();
		});
	}

	@Test
	void pooledSocketOfAClosedContextReportsToTheOneAlive(ChaosServer server) {
		this.contextRunner.run((first) -> {
			Socket[] pooled = new Socket[1];
			this.contextRunner.run((second) -> {
				pooled[0] = classNameFactory().createSocket(server.host(), server.port());
				exchange(pooled[0]);
			});
			try (Socket socket = pooled[0]) {
				server.next(1, Toxic.resetAfterResponseBytes(10));
				assertThatIOException().isThrownBy(() -> exchange(socket));
			}
			assertThat(resets(first)).isOne();
		});
	}

	// As a JDBC driver makes it: by class name, with the no-arg constructor.
	private static SocketFactory classNameFactory() throws ReflectiveOperationException {
		return (SocketFactory) Class.forName("dev.resetguard.socket.ResetGuardSocketFactory")
			.getDeclaredConstructor()
			.newInstance();
	}

	private static double resets(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.find("reset.guard.resets")
			.tag("client", "socket")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static void exchange(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("end of stream");
			}
			head.append((char) b);
		}
		int at = head.indexOf("Content-Length:") + 15;
		int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)).trim());
		if (in.readNBytes(length).length < length) {
			throw new IOException("end of stream inside the body");
		}
	}

}
