package dev.resetguard.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server, run as a child process on a free loopback port with its own data
 * directory, scraping one target every second and evaluating the given rule file every second.
 * {@link #close()} stops the process it started, and only that one.
 */
final class PrometheusServer implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final int START_ATTEMPTS = 3;

	private final Process process;

	// Stops the process should the test JVM exit without closing this server.
	private final Thread stopOnExit;

	private final Path log;

	private final URI uri;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private PrometheusServer(Process process, Path log, int port) {
		this.process = process;
		this.stopOnExit = new Thread(process::destroyForcibly, "prometheus-" + process.pid() + "-stopper");
		Runtime.getRuntime().addShutdownHook(this.stopOnExit);
		this.log = log;
		this.uri = URI.create("http://127.0.0.1:" + port);
	}

	/**
	 * Start Prometheus and wait until it is ready.
	 * @param directory an empty directory for its configuration, data and log
	 * @param target the {@code host:port} to scrape {@code /actuator/prometheus} from
	 * @param ruleFile the rule file to evaluate
	 * @return the ready server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	static PrometheusServer start(Path directory, String target, Path ruleFile)
			throws IOException, InterruptedException {
		Path config = directory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - '%s'
				scrape_configs:
				  - job_name: reset-guard-app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				""".formatted(ruleFile.toAbsolutePath(), target));
		IllegalStateException failure = new IllegalStateException("Prometheus did not start");
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			// The free port can be taken again before Prometheus binds it: then it exits and we try anew.
			int port = freePort();
			Path log = directory.resolve("prometheus-" + attempt + ".log");
			Process process = new ProcessBuilder(ExternalTool.PROMETHEUS.path().toString(),
					"--config.file=" + config, "--storage.tsdb.path=" + directory.resolve("data-" + attempt),
					"--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusServer server = new PrometheusServer(process, log, port);
			if (server.awaitReady()) {
				return server;
			}
			server.close();
			failure.addSuppressed(new IllegalStateException("Attempt " + attempt + " on port " + port + ":\n"
					+ Files.readString(log)));
		}
		throw failure;
	}

	/**
	 * Run an instant query.
	 * @param expression the PromQL expression
	 * @return the answer
	 */
	ApiAnswer query(String expression) {
		return get("/api/v1/query?query=" + encode(expression));
	}

	/**
	 * Run a range query ending now.
	 * @param expression the PromQL expression
	 * @param range how far back the range starts
	 * @param step the resolution
	 * @return the answer
	 */
	ApiAnswer queryRange(String expression, Duration range, Duration step) {
		Instant end = Instant.now();
		return get("/api/v1/query_range?query=" + encode(expression) + "&start=" + seconds(end.minus(range))
				+ "&end=" + seconds(end) + "&step=" + step.toMillis() / 1000.0);
	}

	/**
	 * Return the values of a label among the series that match a selector, as Grafana's
	 * {@code label_values(selector, label)} does.
	 * @param selector the series selector
	 * @param label the label
	 * @return the answer, whose data is the list of values
	 */
	ApiAnswer labelValues(String selector, String label) {
		return get("/api/v1/label/" + label + "/values?match[]=" + encode(selector));
	}

	/**
	 * Return the rule groups and the state of their rules.
	 * @return the answer
	 */
	ApiAnswer rules() {
		return get("/api/v1/rules");
	}

	/**
	 * Return the scrape targets and their health.
	 * @return the answer
	 */
	ApiAnswer targets() {
		return get("/api/v1/targets");
	}

	/**
	 * Return what Prometheus logged, for failure messages.
	 * @return the log
	 */
	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is already exiting: the hook stops the process.
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private boolean awaitReady() throws InterruptedException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			try {
				HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(this.uri.resolve("/-/ready"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return true;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(100);
		}
		return false;
	}

	private ApiAnswer get(String pathAndQuery) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.uri.resolve(pathAndQuery))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = this.json.readTree(response.body());
			List<String> warnings = new ArrayList<>();
			body.path("warnings").values().forEach((warning) -> warnings.add(warning.asString()));
			if (!"success".equals(body.path("status").asString())) {
				return new ApiAnswer(null, body.path("errorType").asString() + ": " + body.path("error").asString(),
						warnings);
			}
			return new ApiAnswer(body.path("data"), null, warnings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted querying Prometheus", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String seconds(Instant instant) {
		return String.valueOf(instant.toEpochMilli() / 1000.0);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * What the HTTP API answered.
	 *
	 * @param data the {@code data} of a successful answer, or {@code null}
	 * @param error the error type and message of a failed answer, or {@code null}
	 * @param warnings the warnings Prometheus attached
	 */
	record ApiAnswer(JsonNode data, String error, List<String> warnings) {

		/**
		 * Return the series of a query answer.
		 * @return the {@code result} list, empty for a failed answer
		 */
		List<JsonNode> series() {
			return (this.data != null) ? List.copyOf(this.data.path("result").values()) : List.of();
		}

	}

}
