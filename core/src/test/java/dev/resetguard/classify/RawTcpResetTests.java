package dev.resetguard.classify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.resetguard.classify.RawConnection.Transport;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertReset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ground-truth rows of clients (e) {@code java.net.Socket} and (e2) blocking {@code SocketChannel}:
 * each step of a scenario, and what it throws. A read that returns -1 after the reset has nothing to
 * classify; the tests record that it happens.
 */
@ExtendWith(ChaosServerExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RawTcpResetTests {

	private static final byte[] GET = RawConnection.request("GET", "/s", null);

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void writeAfterResetOnAcceptIsRstThenBrokenPipeThenReadEndsStream(Transport transport, ChaosServer server)
			throws Exception {
		server.always(Toxic.resetOnAccept());
		try (RawConnection connection = RawConnection.open(transport, server.address())) {
			Scenarios.sleep(Duration.ofMillis(100));
			assertReset(catchThrowable(() -> connection.write(GET)), ResetSignal.RST);
			assertReset(catchThrowable(() -> connection.write(GET)), ResetSignal.BROKEN_PIPE);
			assertThat(connection.read(new byte[100])).isEqualTo(-1);
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void getResetAfterRequestHeadIsRstOnEveryRead(Transport transport, ChaosServer server) throws Exception {
		assertReadsAfterResetAreRst(transport, server, Toxic.resetAfterRequestHead(), GET);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void postResetAfterRequestHeadIsRstOnEveryRead(Transport transport, ChaosServer server) throws Exception {
		assertReadsAfterResetAreRst(transport, server, Toxic.resetAfterRequestHead(),
				RawConnection.request("POST", "/s2", Scenarios.SMALL_BODY));
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void getResetMidBodyIsRstOnEveryRead(Transport transport, ChaosServer server) throws Exception {
		assertReadsAfterResetAreRst(transport, server,
				Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET), GET);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void writeOnStaleConnectionResetByServerIsRstThenReadEndsStreamThenBrokenPipe(Transport transport,
			ChaosServer server) throws Exception {
		Scenarios.killIdleConnections(server, CloseMode.RST);
		try (RawConnection connection = RawConnection.open(transport, server.address())) {
			connection.write(GET);
			assertThat(connection.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
			Scenarios.awaitIdleKill();
			assertReset(catchThrowable(() -> connection.write(GET)), ResetSignal.RST);
			assertThat(connection.read(new byte[100])).isEqualTo(-1);
			assertReset(catchThrowable(() -> connection.write(GET)), ResetSignal.BROKEN_PIPE);
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void writeOnStaleConnectionClosedByServerSucceedsThenReadEndsStreamThenBrokenPipe(Transport transport,
			ChaosServer server) throws Exception {
		Scenarios.killIdleConnections(server, CloseMode.FIN);
		try (RawConnection connection = RawConnection.open(transport, server.address())) {
			connection.write(GET);
			assertThat(connection.readResponse()).startsWith("HTTP/1.1 200").endsWith("ok");
			Scenarios.awaitIdleKill();
			connection.write(GET);
			assertThat(connection.read(new byte[100])).isEqualTo(-1);
			assertReset(catchThrowable(() -> connection.write(GET)), ResetSignal.BROKEN_PIPE);
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void uploadResetIsRstThenReadEndsStream(Transport transport, ChaosServer server) throws Exception {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		try (RawConnection connection = RawConnection.open(transport, server.address())) {
			byte[] upload = RawConnection.request("POST", "/s5", Scenarios.UPLOAD_BODY);
			assertReset(catchThrowable(() -> connection.write(upload)), ResetSignal.RST);
			assertThat(connection.read(new byte[100])).isEqualTo(-1);
		}
	}

	private void assertReadsAfterResetAreRst(Transport transport, ChaosServer server, Toxic toxic, byte[] request)
			throws Exception {
		server.always(toxic);
		try (RawConnection connection = RawConnection.open(transport, server.address())) {
			connection.write(request);
			assertReset(catchThrowable(connection::readResponse), ResetSignal.RST);
			assertReset(catchThrowable(() -> connection.read(new byte[100])), ResetSignal.RST);
		}
	}

}
