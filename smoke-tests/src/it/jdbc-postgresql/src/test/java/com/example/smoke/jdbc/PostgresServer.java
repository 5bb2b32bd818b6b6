package com.example.smoke.jdbc;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's packages ({@code smoke-tests/install-postgresql}
 * installs them), in a temporary directory, listening on a free loopback port with trust
 * authentication. PostgreSQL refuses to run as root, so as root its commands run as {@code nobody}.
 */
final class PostgresServer {

	private final Path binaries;

	private final Path directory;

	private final int port;

	private final boolean asNobody;

	private volatile boolean running;

	private PostgresServer(Path binaries, Path directory, int port, boolean asNobody) {
		this.binaries = binaries;
		this.directory = directory;
		this.port = port;
		this.asNobody = asNobody;
	}

	/**
	 * Initialise a cluster and start the server; it is stopped at JVM exit at the latest.
	 * @return the running server
	 * @throws IOException if it could not be started
	 */
	static PostgresServer start() throws IOException {
		boolean asNobody = "root".equals(System.getProperty("user.name"));
		Path directory = Files.createTempDirectory("smoke-postgresql-");
		PostgresServer server = new PostgresServer(findBinaries(), directory, freePort(), asNobody);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-postgresql"));
		if (asNobody) {
			server.run(false, "chown", "nobody", directory.toString());
		}
		server.run(true, server.binaries.resolve("initdb").toString(), "-D", server.data(), "-U", "postgres",
				"--auth=trust", "--no-sync", "-E", "UTF8");
		server.run(true, server.binaries.resolve("pg_ctl").toString(), "-D", server.data(), "-l",
				directory.resolve("postgresql.log").toString(), "-w", "-t", "60", "-o",
				"-p " + server.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory
						+ " -c fsync=off",
				"start");
		server.running = true;
		return server;
	}

	/**
	 * Return the port the server listens on, on 127.0.0.1.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * Return the JDBC URL of the {@code postgres} database, with the given parameters.
	 * @param parameters the query string, empty for none
	 * @return the URL
	 */
	String jdbcUrl(String parameters) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres" + (parameters.isEmpty() ? "" : "?" + parameters);
	}

	/**
	 * Stop the server (fast shutdown: sessions are ended) and delete its directory.
	 */
	synchronized void stop() {
		if (this.running) {
			this.running = false;
			try {
				run(true, this.binaries.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
			}
			catch (IOException ex) {
				System.err.println("Could not stop PostgreSQL: " + ex.getMessage());
			}
		}
		deleteDirectory();
	}

	private String data() {
		return this.directory.resolve("data").toString();
	}

	private void run(boolean asServerUser, String... command) throws IOException {
		List<String> line = new ArrayList<>();
		if (asServerUser && this.asNobody) {
			line.addAll(List.of("runuser", "-u", "nobody", "--"));
		}
		line.addAll(List.of(command));
		Path output = Files.createTempFile("smoke-postgresql-command-", ".log");
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("Timed out: " + line);
			}
			if (process.exitValue() != 0) {
				throw new IOException("Failed (exit " + process.exitValue() + "): " + line + "\n"
						+ Files.readString(output, StandardCharsets.UTF_8) + serverLog());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted: " + line, ex);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private String serverLog() throws IOException {
		Path log = this.directory.resolve("postgresql.log");
		return Files.isReadable(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

	private void deleteDirectory() {
		if (!Files.exists(this.directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + this.directory + ": " + ex.getMessage());
		}
	}

	/**
	 * Debian installs each major version's server programs in {@code /usr/lib/postgresql/<major>/bin},
	 * not on the path; the newest one is used, else {@code initdb} on the path.
	 */
	private static Path findBinaries() throws IOException {
		Path debian = Paths.get("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				Path newest = versions.filter((version) -> Files.isExecutable(version.resolve("bin/initdb")))
					.max(Comparator.comparingInt(PostgresServer::major))
					.orElse(null);
				if (newest != null) {
					return newest.resolve("bin");
				}
			}
		}
		for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Paths.get(entry, "initdb");
			if (Files.isExecutable(candidate)) {
				return candidate.toRealPath().getParent();
			}
		}
		throw new IOException("PostgreSQL's initdb not found: run smoke-tests/install-postgresql");
	}

	private static int major(Path version) {
		try {
			return Integer.parseInt(version.getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
