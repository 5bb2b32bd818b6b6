package dev.resetguard.benchmarks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.resetguard.classify.ResetClassification;
import dev.resetguard.classify.ResetClassifier;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The classifier alone, on the exception chains real clients throw (as recorded in the ground
 * truth), on exceptions that are not resets, and on no exception at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ClassifierBenchmark {

	private static final String URL = "http://127.0.0.1:8080/orders";

	/** Which exception chain to classify. */
	@Param({ "apache-read-reset", "jdk-header-parser", "netty-epoll-recv", "premature-close-no-cause",
			"mid-body-extraction", "apache-no-response", "broken-pipe", "not-reset-read-timeout",
			"not-reset-refused", "not-reset-http-500", "no-exception" })
	public String chain;

	private final ResetClassifier classifier = new ResetClassifier();

	private Throwable throwable;

	/** Build the chain once; classification must not depend on fresh stack traces. */
	@Setup
	public void buildChain() {
		// Netty's native errors need the epoll library loaded, as it is in a client using that transport.
		Epoll.ensureAvailability();
		this.throwable = switch (this.chain) {
			case "apache-read-reset" -> wrapped(new SocketException("Connection reset"));
			case "jdk-header-parser" -> wrapped(
					new IOException("HTTP/1.1 header parser received no bytes", new SocketException("Connection reset")));
			case "netty-epoll-recv" -> new WebClientRequestException(
					new Errors.NativeIoException("recvAddress(..)", -104), HttpMethod.GET, URI.create(URL),
					HttpHeaders.EMPTY);
			case "premature-close-no-cause" -> new WebClientRequestException(PrematureCloseException.TEST_EXCEPTION,
					HttpMethod.GET, URI.create(URL), HttpHeaders.EMPTY);
			case "mid-body-extraction" -> new RestClientException(
					"Error while extracting response for type [java.lang.String] and content type [text/plain]",
					new SocketException("Connection reset"));
			case "apache-no-response" -> wrapped(new NoHttpResponseException("127.0.0.1:8080 failed to respond"));
			case "broken-pipe" -> new SocketException("Broken pipe");
			case "not-reset-read-timeout" -> wrapped(new SocketTimeoutException("Read timed out"));
			case "not-reset-refused" -> wrapped(new ConnectException("Connection refused"));
			case "not-reset-http-500" -> HttpServerErrorException.create(HttpStatus.INTERNAL_SERVER_ERROR,
					"Internal Server Error", HttpHeaders.EMPTY, "boom".getBytes(StandardCharsets.UTF_8),
					StandardCharsets.UTF_8);
			case "no-exception" -> null;
			default -> throw new IllegalArgumentException(this.chain);
		};
	}

	/**
	 * Classify the chain.
	 * @return the classification, consumed by JMH
	 */
	@Benchmark
	public ResetClassification classify() {
		return this.classifier.classify(this.throwable);
	}

	private static ResourceAccessException wrapped(IOException cause) {
		return new ResourceAccessException("I/O error on GET request for \"" + URL + "\": " + cause.getMessage(), cause);
	}

}
