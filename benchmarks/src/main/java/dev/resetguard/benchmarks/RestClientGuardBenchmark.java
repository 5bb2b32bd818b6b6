package dev.resetguard.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.resetguard.web.client.ResetGuardRestClientCustomizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * The time Reset Guard's RestClient decoration adds to a call, resolved to nanoseconds: a GET through a
 * RestClient whose request factory answers at once from memory, with and without Reset Guard's
 * decoration around it. A real client's call takes hundreds of microseconds on loopback and its
 * throughput scatters by ten percent or more on this machine; this tells what share of it the
 * decoration can be.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class RestClientGuardBenchmark {

	private static final byte[] BODY = "ok".getBytes(StandardCharsets.US_ASCII);

	/** {@code plain} is the RestClient over the in-memory factory; {@code guarded} adds Reset Guard's decoration. */
	@Param({ "plain", "guarded" })
	public String variant;

	private BootClients clients;

	private RestClient client;

	/** Start the application and build the client. */
	@Setup(Level.Trial)
	public void start() {
		boolean guarded = "guarded".equals(this.variant);
		this.clients = BootClients.start(guarded, Map.of("spring.http.clients.imperative.factory", "jdk"));
		RestClient.Builder builder = this.clients.restClientBuilder().requestFactory(new InMemoryRequestFactory());
		if (guarded) {
			// A request factory set on a builder replaces Reset Guard's decoration, so the customizer comes last.
			builder.apply(this.clients.bean(ResetGuardRestClientCustomizer.class)::customize);
		}
		this.client = builder.baseUrl("http://127.0.0.1:8080").build();
	}

	/** Stop the application. */
	@TearDown(Level.Trial)
	public void stop() {
		this.clients.close();
	}

	/**
	 * One GET.
	 * @return the body, consumed by JMH
	 */
	@Benchmark
	public String get() {
		return this.client.get().uri(ClientBench.PATH).retrieve().body(String.class);
	}

	/**
	 * Answers every request with a 200 and a two-byte body, without I/O.
	 */
	static final class InMemoryRequestFactory implements ClientHttpRequestFactory {

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			return new InMemoryRequest(uri, httpMethod);
		}

	}

	private static final class InMemoryRequest implements ClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final HttpHeaders headers = new HttpHeaders();

		// Spring copies the request's attributes into it.
		private final Map<String, Object> attributes = new HashMap<>();

		InMemoryRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public ClientHttpResponse execute() {
			return new InMemoryResponse();
		}

		@Override
		public OutputStream getBody() {
			return OutputStream.nullOutputStream();
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

	private static final class InMemoryResponse implements ClientHttpResponse {

		private final HttpHeaders headers = new HttpHeaders();

		InMemoryResponse() {
			this.headers.setContentType(MediaType.TEXT_PLAIN);
			this.headers.setContentLength(BODY.length);
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(BODY);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public void close() {
		}

	}

}
