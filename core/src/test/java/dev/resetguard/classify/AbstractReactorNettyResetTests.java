package dev.resetguard.classify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertReset;
import static dev.resetguard.classify.ResetAssertions.assertResetWithSignalIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ground-truth rows of the {@code WebClient} clients over Reactor Netty, run once per transport by
 * the subclasses: (d) the default native epoll transport, (d2) NIO.
 */
@ExtendWith(ChaosServerExtension.class)
abstract class AbstractReactorNettyResetTests {

	private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(15);

	private final ConnectionProvider connectionProvider = ConnectionProvider.builder("reset-guard-tests")
		.maxConnections(4)
		.build();

	private final List<Class<?>> channelTypes = new CopyOnWriteArrayList<>();

	private WebClient webClient;

	/**
	 * Configure the transport of the client under test.
	 * @param httpClient the client with the test's connection provider and timeouts
	 * @return the client on the transport under test
	 */
	protected abstract HttpClient onTransport(HttpClient httpClient);

	/**
	 * Return the Netty channel type of the transport under test.
	 * @return the channel type
	 */
	protected abstract Class<? extends Channel> channelType();

	/**
	 * Assert the exception the transport itself raised for an RST.
	 * @param resetException the innermost reset exception of the chain
	 */
	protected abstract void assertTransportRst(Throwable resetException);

	private WebClient webClient() {
		if (this.webClient == null) {
			HttpClient httpClient = HttpClient.create(this.connectionProvider)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Scenarios.TIMEOUT.toMillis())
				.responseTimeout(Scenarios.TIMEOUT)
				.doOnConnected((connection) -> this.channelTypes.add(connection.channel().getClass()));
			this.webClient = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(onTransport(httpClient)))
				.build();
		}
		return this.webClient;
	}

	/**
	 * Release the transport's own resources, after the connections are closed.
	 */
	protected void closeTransport() {
	}

	@AfterEach
	void closeClient() {
		this.connectionProvider.disposeLater().block(BLOCK_TIMEOUT);
		closeTransport();
	}

	@Test
	void runsOnTheTransportUnderTest(ChaosServer server) {
		assertThat(get(server, "/ok")).isEqualTo("ok");
		assertThat(this.channelTypes).containsOnly(channelType());
	}

	@Test
	void getResetOnAcceptIsPrematureCloseOrRst(ChaosServer server) {
		server.always(Toxic.resetOnAccept());
		Throwable failure = catchThrowable(() -> get(server, "/s1"));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		// Racy: mostly PrematureCloseException without cause, else a connect or read error with the RST
		assertResetWithSignalIn(failure, ResetSignal.PREMATURE_CLOSE, ResetSignal.RST);
	}

	@Test
	void getResetAfterRequestHeadIsRst(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> get(server, "/s2"));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		assertTransportRst(assertReset(failure, ResetSignal.RST).resetException());
	}

	@Test
	void postResetAfterRequestHeadIsRst(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> post(server, "/s2", Scenarios.SMALL_BODY));
		assertThat(failure).isInstanceOf(WebClientRequestException.class);
		assertTransportRst(assertReset(failure, ResetSignal.RST).resetException());
	}

	@Test
	void getResetMidBodyIsRstInsideWebClientResponseExceptionWithStatus200(ChaosServer server) {
		server.always(Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> get(server, "/s3"));
		assertThat(failure).isInstanceOfSatisfying(WebClientResponseException.class,
				(exception) -> assertThat(exception.getStatusCode().value()).isEqualTo(200));
		assertTransportRst(assertReset(failure, ResetSignal.RST).resetException());
	}

	@Test
	void getOnStaleConnectionResetByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.RST, false);
	}

	@Test
	void postOnStaleConnectionResetByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.RST, true);
	}

	@Test
	void getOnStaleConnectionClosedByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.FIN, false);
	}

	@Test
	void postOnStaleConnectionClosedByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.FIN, true);
	}

	@Test
	void uploadResetIsRstBelowPrematureClose(ChaosServer server) {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> post(server, "/s5", Scenarios.UPLOAD_BODY));
		assertThat(failure).isInstanceOf(WebClientRequestException.class)
			.hasCauseInstanceOf(PrematureCloseException.class);
		assertTransportRst(assertReset(failure, ResetSignal.RST).resetException());
	}

	private void assertRecoversFromStaleConnection(ChaosServer server, CloseMode mode, boolean post) {
		Scenarios.killIdleConnections(server, mode);
		assertThat(get(server, "/first")).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		String body = post ? post(server, "/s4", Scenarios.SMALL_BODY) : get(server, "/s4");
		assertThat(body).isEqualTo("ok");
		assertThat(server.ledger().connectionsAccepted()).as("connections, the second call on a new one").isEqualTo(2);
	}

	private String get(ChaosServer server, String path) {
		return webClient().get().uri(server.url(path)).retrieve().bodyToMono(String.class).block(BLOCK_TIMEOUT);
	}

	private String post(ChaosServer server, String path, byte[] body) {
		return webClient().post()
			.uri(server.url(path))
			.bodyValue(body)
			.retrieve()
			.bodyToMono(String.class)
			.block(BLOCK_TIMEOUT);
	}

}
