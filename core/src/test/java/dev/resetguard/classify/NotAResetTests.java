package dev.resetguard.classify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.resetguard.test.ChaosOptions;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertNotAReset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Real failures that are not resets: refused connections, timeouts, unknown hosts, untrusted
 * certificates and HTTP error statuses, through real clients.
 */
@ExtendWith(ChaosServerExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NotAResetTests {

	private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

	private static final Duration SILENCE = Duration.ofSeconds(3);

	private final ConnectionProvider connectionProvider = ConnectionProvider.builder("not-a-reset-tests")
		.maxConnections(4)
		.build();

	@AfterEach
	void closeClients() {
		this.connectionProvider.disposeLater().block(Duration.ofSeconds(15));
	}

	@Test
	void connectionRefusedThroughHttpUrlConnectionIsNotAReset() throws IOException {
		String url = "http://127.0.0.1:" + closedPort() + "/";
		Throwable failure = catchThrowable(() -> new RestTemplate(new SimpleClientHttpRequestFactory()).getForObject(url, String.class));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Connection refused");
		assertNotAReset(failure);
	}

	@Test
	void connectionRefusedThroughJdkClientIsNotAReset() throws IOException {
		String url = "http://127.0.0.1:" + closedPort() + "/";
		Throwable failure = catchThrowable(() -> jdkRestClient(Scenarios.TIMEOUT).get().uri(url).retrieve().body(String.class));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		assertNotAReset(failure);
	}

	@Test
	void connectionRefusedThroughWebClientIsNotAReset() throws IOException {
		String url = "http://127.0.0.1:" + closedPort() + "/";
		Throwable failure = catchThrowable(() -> webClient(Scenarios.TIMEOUT).get().uri(url).retrieve()
			.bodyToMono(String.class).block(Duration.ofSeconds(10)));
		assertThat(failure).isInstanceOf(WebClientRequestException.class).hasMessageContaining("Connection refused");
		assertNotAReset(failure);
	}

	@Test
	void connectionRefusedThroughRawSocketIsNotAReset() throws IOException {
		int port = closedPort();
		Throwable failure = catchThrowable(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
		assertThat(failure).hasMessage("Connection refused");
		assertNotAReset(failure);
	}

	@Test
	void readTimeoutThroughHttpUrlConnectionIsNotAReset(ChaosServer server) {
		server.always(Toxic.silenceThenReset(SILENCE));
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setReadTimeout(SHORT_TIMEOUT);
		Throwable failure = catchThrowable(() -> new RestTemplate(requestFactory).getForObject(server.url("/slow"), String.class));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Read timed out");
		assertNotAReset(failure);
	}

	@Test
	void readTimeoutThroughApacheIsNotAReset(ChaosServer server) throws Exception {
		server.always(Toxic.silenceThenReset(SILENCE));
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory();
		requestFactory.setReadTimeout(SHORT_TIMEOUT);
		try {
			RestClient restClient = RestClient.builder().requestFactory(requestFactory).build();
			Throwable failure = catchThrowable(() -> restClient.get().uri(server.url("/slow")).retrieve().body(String.class));
			assertThat(failure).isInstanceOf(ResourceAccessException.class);
			assertNotAReset(failure);
		}
		finally {
			requestFactory.destroy();
		}
	}

	@Test
	void readTimeoutThroughJdkClientIsNotAReset(ChaosServer server) {
		server.always(Toxic.silenceThenReset(SILENCE));
		Throwable failure = catchThrowable(
				() -> jdkRestClient(SHORT_TIMEOUT).get().uri(server.url("/slow")).retrieve().body(String.class));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		assertNotAReset(failure);
	}

	@Test
	void responseTimeoutThroughWebClientIsNotAReset(ChaosServer server) {
		server.always(Toxic.silenceThenReset(SILENCE));
		Throwable failure = catchThrowable(() -> webClient(SHORT_TIMEOUT).get().uri(server.url("/slow")).retrieve()
			.bodyToMono(String.class).block(Duration.ofSeconds(10)));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		assertNotAReset(failure);
	}

	@Test
	void unknownHostThroughJdkClientIsNotAReset() {
		Throwable failure = catchThrowable(() -> jdkRestClient(Scenarios.TIMEOUT).get()
			.uri("http://nonexistent.invalid/").retrieve().body(String.class));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		assertNotAReset(failure);
	}

	@Test
	void unknownHostThroughWebClientIsNotAReset() {
		Throwable failure = catchThrowable(() -> webClient(Scenarios.TIMEOUT).get().uri("http://nonexistent.invalid/")
			.retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		assertNotAReset(failure);
	}

	@Test
	void untrustedCertificateThroughJdkClientIsNotAReset(@ChaosOptions(tls = true) ChaosServer server) {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/"))).timeout(Scenarios.TIMEOUT).build();
		Throwable failure = catchThrowable(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
		assertThat(failure).isInstanceOf(SSLHandshakeException.class);
		assertNotAReset(failure);
	}

	@Test
	void untrustedCertificateThroughSslSocketIsNotAReset(@ChaosOptions(tls = true) ChaosServer server)
			throws IOException {
		try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(server.host(), server.port())) {
			socket.setSoTimeout((int) Scenarios.TIMEOUT.toMillis());
			Throwable failure = catchThrowable(socket::startHandshake);
			assertThat(failure).isInstanceOf(SSLHandshakeException.class);
			assertNotAReset(failure);
		}
	}

	@Test
	void serverErrorThroughRestClientIsNotAReset(ChaosServer server) {
		Throwable failure = catchThrowable(
				() -> jdkRestClient(Scenarios.TIMEOUT).get().uri(server.url("/status/500")).retrieve().body(String.class));
		assertThat(failure).isInstanceOf(HttpServerErrorException.class);
		assertNotAReset(failure);
	}

	@Test
	void serverErrorThroughWebClientIsNotAReset(ChaosServer server) {
		Throwable failure = catchThrowable(() -> webClient(Scenarios.TIMEOUT).get().uri(server.url("/status/500"))
			.retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)));
		assertThat(failure).isInstanceOfSatisfying(WebClientResponseException.class,
				(exception) -> assertThat(exception.getStatusCode().value()).isEqualTo(500));
		assertNotAReset(failure);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static RestClient jdkRestClient(Duration readTimeout) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Scenarios.TIMEOUT)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(readTimeout);
		return RestClient.builder().requestFactory(requestFactory).build();
	}

	private WebClient webClient(Duration responseTimeout) {
		reactor.netty.http.client.HttpClient httpClient = reactor.netty.http.client.HttpClient
			.create(this.connectionProvider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Scenarios.TIMEOUT.toMillis())
			.responseTimeout(responseTimeout);
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
	}

}
