package dev.resetguard.tracing.zipkin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server, the executable jar from Maven Central that the build copies to
 * {@code target/zipkin}, run as a child process on a free loopback port with in-memory storage, and read
 * through its HTTP API. Closing it stops the process it started, by its PID.
 */
final class ZipkinServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final Process process;

	private final Path log;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ZipkinServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start the server and wait until it reports healthy.
	 * @param jar the Zipkin server's executable jar
	 * @param log where the server's output goes
	 * @return the running server
	 * @throws Exception if it cannot be started or is not healthy within a minute
	 */
	static ZipkinServer start(Path jar, Path log) throws Exception {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No Zipkin server at " + jar + ": the build copies it there");
		}
		int port = freeLoopbackPort();
		String java = ProcessHandle.current().info().command().orElse("java");
		// Armeria serves Zipkin; its port list is given whole, as overriding one field of an entry replaces the entry.
		List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
				"--server.port=" + port, "--armeria.ports[0].port=" + port, "--armeria.ports[0].ip=127.0.0.1",
				"--armeria.ports[0].protocols[0]=http");
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ZipkinServer server = new ZipkinServer(process, log, port);
		try {
			server.awaitHealthy();
		}
		catch (Exception | AssertionError ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * Return the URL that takes spans in Zipkin's v2 format.
	 * @return the spans endpoint
	 */
	String spansEndpoint() {
		return url("/api/v2/spans");
	}

	/**
	 * Return the process's id.
	 * @return the PID
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Read a trace through the API.
	 * @param traceId the trace id
	 * @return the trace's spans as Zipkin returns them, or {@code null} if it has none yet
	 * @throws IOException if the server cannot be reached
	 * @throws InterruptedException if interrupted
	 */
	String trace(String traceId) throws IOException, InterruptedException {
		HttpResponse<String> response = get("/api/v2/trace/" + traceId);
		return (response.statusCode() == 200) ? response.body() : null;
	}

	private void awaitHealthy() throws Exception {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Zipkin server exited with " + this.process.exitValue() + ": " + logTail());
			}
			try {
				if (get("/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// Not listening yet.
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Zipkin server not healthy within " + STARTUP_TIMEOUT + ": " + logTail());
			}
			Thread.sleep(200);
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).GET().build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private String logTail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
