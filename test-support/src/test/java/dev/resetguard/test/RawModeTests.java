package dev.resetguard.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * What a plain TCP client sees from a raw echo {@link ChaosServer} under each toxic.
 */
@ExtendWith(ChaosServerExtension.class)
class RawModeTests {

	@Test
	void echoesEveryByte(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		try (Socket socket = connect(server)) {
			byte[] payload = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
			Thread writer = new Thread(() -> write(socket, payload));
			writer.start();
			assertThat(socket.getInputStream().readNBytes(payload.length)).isEqualTo(payload);
		}
		assertThat(server.ledger().injectedCount()).isZero();
		assertThat(server.ledger().requests()).isEmpty();
	}

	@Test
	void resetOnAcceptResetsTheFirstWriteOrRead(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		server.next(1, Toxic.resetOnAccept());
		try (Socket socket = connect(server)) {
			Awaiting.until(() -> server.ledger().injectedCount() == 1);
			assertThatIOException().isThrownBy(() -> {
				socket.getOutputStream().write(1);
				socket.getInputStream().read();
			}).withMessageContaining("reset");
		}
		assertThat(server.ledger().injections()).singleElement()
			.satisfies((injection) -> assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_ON_ACCEPT));
	}

	@Test
	void resetAfterRequestHeadResetsAfterTheFirstDataWithoutEcho(@ChaosOptions(raw = true) ChaosServer server)
			throws IOException {
		server.next(1, Toxic.resetAfterRequestHead());
		try (Socket socket = connect(server)) {
			socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessage("Connection reset");
		}
		assertThat(server.ledger().injections()).singleElement().satisfies((injection) -> {
			assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_AFTER_REQUEST_HEAD);
			assertThat(injection.bytesRead()).isEqualTo(5);
			assertThat(injection.bytesWritten()).isZero();
		});
	}

	@Test
	void resetAfterResponseBytesEchoesThatManyThenResets(@ChaosOptions(raw = true) ChaosServer server)
			throws IOException {
		server.next(1, Toxic.resetAfterResponseBytes(10));
		try (Socket socket = connect(server)) {
			socket.getOutputStream().write("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
			InputStream input = socket.getInputStream();
			assertThat(new String(input.readNBytes(10), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
			assertThatExceptionOfType(SocketException.class).isThrownBy(input::read).withMessage("Connection reset");
		}
		assertThat(server.ledger().injections()).singleElement()
			.satisfies((injection) -> assertThat(injection.bytesWritten()).isEqualTo(10));
	}

	@Test
	void resetDuringUploadResetsOnceThatMuchWasRead(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		server.next(1, Toxic.resetDuringUpload(64 * 1024));
		try (Socket socket = connect(server)) {
			byte[] chunk = new byte[16 * 1024];
			assertThatIOException().isThrownBy(() -> {
				for (int i = 0; i < 1024; i++) {
					socket.getOutputStream().write(chunk);
				}
			}).withMessageContaining("reset");
		}
		assertThat(server.ledger().injections()).singleElement().satisfies((injection) -> {
			assertThat(injection.kind()).isEqualTo(ToxicKind.RESET_DURING_UPLOAD);
			assertThat(injection.bytesRead()).isEqualTo(64 * 1024);
		});
	}

	@Test
	void silenceThenResetStaysQuietThenResets(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		server.next(1, Toxic.silenceThenReset(Duration.ofMillis(200)));
		try (Socket socket = connect(server)) {
			long start = System.nanoTime();
			socket.getOutputStream().write(42);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessage("Connection reset");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
	}

	@Test
	void nextCountsConnections(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		server.next(2, Toxic.resetAfterRequestHead());
		int resets = 0;
		for (int i = 0; i < 4; i++) {
			try (Socket socket = connect(server)) {
				socket.getOutputStream().write(new byte[] { 1, 2 });
				socket.getOutputStream().write(new byte[] { 3 });
				socket.getInputStream().readNBytes(3);
			}
			catch (SocketException ex) {
				resets++;
			}
		}
		assertThat(resets).isEqualTo(2);
		assertThat(server.ledger().injectedCount()).isEqualTo(2);
	}

	@Test
	void idleTimeoutClosesQuietConnections(@ChaosOptions(raw = true) ChaosServer server) throws IOException {
		server.idleTimeout(Duration.ofMillis(100), CloseMode.FIN);
		try (Socket socket = connect(server)) {
			socket.getOutputStream().write(7);
			assertThat(socket.getInputStream().read()).isEqualTo(7);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(server.ledger().injections()).singleElement().satisfies((injection) -> {
			assertThat(injection.kind()).isEqualTo(ToxicKind.IDLE_CLOSE_FIN);
			assertThat(injection.bytesRead()).isEqualTo(1);
			assertThat(injection.bytesWritten()).isEqualTo(1);
		});
	}

	@Test
	void restartResetsOpenConnections(@ChaosOptions(raw = true) ChaosServer server) throws Exception {
		try (Socket socket = connect(server)) {
			server.restart(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessage("Connection reset");
		}
		try (Socket socket = connect(server)) {
			socket.getOutputStream().write(9);
			assertThat(socket.getInputStream().read()).isEqualTo(9);
		}
		assertThat(server.ledger().count(ToxicKind.RESTART)).isEqualTo(1);
	}

	private static Socket connect(ChaosServer server) throws IOException {
		Socket socket = new Socket(server.address().getAddress(), server.port());
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static void write(Socket socket, byte[] payload) {
		try {
			socket.getOutputStream().write(payload);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
