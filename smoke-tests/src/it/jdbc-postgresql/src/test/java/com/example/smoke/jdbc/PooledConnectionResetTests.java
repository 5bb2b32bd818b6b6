package com.example.smoke.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given a real PostgreSQL server and a HikariCP pool whose only connection was opened while the context
 * started (a startup query), through {@code socketFactory=dev.resetguard.socket.ResetGuardSocketFactory}
 * in the JDBC URL: when the server ends that connection's backend in the middle of an upload, the
 * server's kernel resets the rest of the upload; Reset Guard counts that reset on the connection,
 * tagged {@code client=socket} and phase {@code sending-request}, and the pool goes on with a new
 * connection.
 * <p>
 * The server ending an idle connection is not enough: it sends a FATAL error and closes, and the driver
 * reads the error on its next use and closes the connection itself; no reset reaches the socket.
 */
@SpringBootTest
class PooledConnectionResetTests {

	private static final int UPLOAD_BYTES_AFTER_TERMINATION = 8 * 1024 * 1024;

	private static PostgresServer postgres;

	@Autowired
	private StartupCheck startupCheck;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry properties) throws IOException {
		postgres = PostgresServer.start();
		properties.add("spring.datasource.url",
				() -> postgres.jdbcUrl("socketFactory=dev.resetguard.socket.ResetGuardSocketFactory"));
	}

	@AfterAll
	static void stopDatabase() {
		postgres.stop();
	}

	@Test
	void backendEndedDuringAnUploadIsCountedOnTheConnectionOpenedWhileTheContextStarted() throws InterruptedException {
		int startupPid = this.startupCheck.backendPid();
		assertThat(socketResets()).isZero();
		SQLException failure = this.jdbc.execute((ConnectionCallback<SQLException>) (connection) -> {
			assertThat(BackendPid.of(connection)).as("the pool still holds the connection opened at startup")
				.isEqualTo(startupPid);
			try (Statement statement = connection.createStatement()) {
				statement.execute("create temporary table upload (line text)");
			}
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			try {
				copy.copyIn("copy upload from stdin", new TerminatingUpload(startupPid));
				return null;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (SQLException ex) {
				return ex;
			}
		});
		assertThat((Throwable) failure).as("the upload failed on the server's reset")
			.hasMessage("Database connection failed when writing to copy")
			.hasRootCauseInstanceOf(SocketException.class);
		// Past Hikari's 500 ms bypass window, the pool validates the connection before lending it again.
		Thread.sleep(700);
		assertThat(BackendPid.of(this.jdbc)).as("the pool replaced the ended connection").isNotEqualTo(startupPid);
		assertThat(this.registry.get("reset.guard.resets")
			.tag("client", "socket")
			.tag("peer", "127.0.0.1:" + postgres.port())
			.tag("phase", "sending-request")
			.tag("exception", "SocketException")
			.counter()
			.count()).isEqualTo(1);
		assertThat(socketResets()).isEqualTo(1);
	}

	private double socketResets() {
		return this.registry.find("reset.guard.resets").tag("client", "socket").counters().stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/**
	 * End the backend from a connection of its own, made without Reset Guard's factory so it counts nothing,
	 * and wait until the server process is gone.
	 */
	private static void terminate(int pid) throws SQLException, InterruptedException {
		try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(""), "postgres", "")) {
			try (PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
				terminate.setInt(1, pid);
				try (ResultSet result = terminate.executeQuery()) {
					assertThat(result.next() && result.getBoolean(1)).as("backend %d terminated", pid).isTrue();
				}
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (backendAlive(admin, pid)) {
				assertThat(System.nanoTime()).as("backend %d still alive", pid).isLessThan(deadline);
				Thread.sleep(20);
			}
		}
	}

	private static boolean backendAlive(Connection admin, int pid) throws SQLException {
		try (PreparedStatement query = admin.prepareStatement("select count(*) from pg_stat_activity where pid = ?")) {
			query.setInt(1, pid);
			try (ResultSet result = query.executeQuery()) {
				return result.next() && result.getInt(1) > 0;
			}
		}
	}

	/**
	 * The rows of an upload that the server stops reading: before the first row is given, the backend is
	 * ended (and gone); then come more rows than the sockets' buffers hold, so the writes meet the reset
	 * the server's kernel sends for data to a closed socket.
	 */
	private static final class TerminatingUpload extends InputStream {

		private final int pid;

		private final byte[] line = "sku-0001\n".getBytes(StandardCharsets.US_ASCII);

		private boolean terminated;

		private long remaining = UPLOAD_BYTES_AFTER_TERMINATION;

		TerminatingUpload(int pid) {
			this.pid = pid;
		}

		@Override
		public int read() {
			throw new UnsupportedOperationException();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (!this.terminated) {
				this.terminated = true;
				try {
					terminate(this.pid);
				}
				catch (SQLException ex) {
					throw new IOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
				return copy(buffer, offset, this.line.length);
			}
			if (this.remaining <= 0) {
				return -1;
			}
			int n = Math.min(length - length % this.line.length, 64 * this.line.length);
			n = (int) Math.min(n, this.remaining);
			this.remaining -= n;
			for (int i = 0; i < n; i += this.line.length) {
				copy(buffer, offset + i, Math.min(this.line.length, n - i));
			}
			return n;
		}

		private int copy(byte[] buffer, int offset, int length) {
			System.arraycopy(this.line, 0, buffer, offset, length);
			return length;
		}

	}

}
