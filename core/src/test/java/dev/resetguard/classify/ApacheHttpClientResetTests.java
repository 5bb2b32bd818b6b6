package dev.resetguard.classify;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertReset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ground-truth rows of client (b): {@code RestClient} with {@code HttpComponentsClientHttpRequestFactory}
 * (Apache HttpClient 5 as {@code HttpClients.createSystem()}), against real resets on loopback.
 */
@ExtendWith(ChaosServerExtension.class)
class ApacheHttpClientResetTests {

	private final HttpComponentsClientHttpRequestFactory requestFactory = createRequestFactory();

	private final RestClient restClient = RestClient.builder().requestFactory(this.requestFactory).build();

	@AfterEach
	void closeClient() throws Exception {
		this.requestFactory.destroy();
	}

	@Test
	void apacheGetResetOnAcceptIsRst(ChaosServer server) {
		server.always(Toxic.resetOnAccept());
		Throwable failure = catchThrowable(() -> get(server, "/s1"));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		// Racy between write ("Connection reset by peer") and read ("Connection reset"): RST either way
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void apacheGetResetAfterRequestHeadIsRst(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> get(server, "/s2"));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Connection reset");
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void apachePostResetAfterRequestHeadIsRst(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> post(server, "/s2", Scenarios.SMALL_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Connection reset");
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void apacheGetResetMidBodyIsRstWrappedInRestClientException(ChaosServer server) {
		server.always(Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> get(server, "/s3"));
		assertThat(failure).isExactlyInstanceOf(RestClientException.class).hasRootCauseMessage("Connection reset");
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void apacheGetOnStaleConnectionResetByServerRecoversOnItsOwn(ChaosServer server) {
		Scenarios.killIdleConnections(server, CloseMode.RST);
		assertThat(get(server, "/first")).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		// Apache's own retry of an idempotent request after the write failed on the dead connection
		assertThat(get(server, "/s4")).isEqualTo("ok");
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(2);
	}

	@Test
	void apachePostOnStaleConnectionResetByServerIsRst(ChaosServer server) {
		Scenarios.killIdleConnections(server, CloseMode.RST);
		assertThat(get(server, "/first")).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		Throwable failure = catchThrowable(() -> post(server, "/s4", Scenarios.SMALL_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Connection reset by peer");
		assertReset(failure, ResetSignal.RST);
		assertThat(server.ledger().connectionsAccepted()).as("no new connection for the POST").isEqualTo(1);
	}

	@Test
	void apacheGetOnStaleConnectionClosedByServerRecoversOnItsOwn(ChaosServer server) {
		Scenarios.killIdleConnections(server, CloseMode.FIN);
		assertThat(get(server, "/first")).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		// Apache retries the idempotent request after NoHttpResponseException
		assertThat(get(server, "/s4")).isEqualTo("ok");
		assertThat(server.ledger().connectionsAccepted()).isEqualTo(2);
	}

	@Test
	void apachePostOnStaleConnectionClosedByServerIsPrematureCloseWithoutResetText(ChaosServer server) {
		Scenarios.killIdleConnections(server, CloseMode.FIN);
		assertThat(get(server, "/first")).isEqualTo("ok");
		Scenarios.awaitIdleKill();
		Throwable failure = catchThrowable(() -> post(server, "/s4", Scenarios.SMALL_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class)
			.hasCauseExactlyInstanceOf(NoHttpResponseException.class);
		ResetClassification classification = assertReset(failure, ResetSignal.PREMATURE_CLOSE);
		assertThat(classification.resetException()).isInstanceOf(NoHttpResponseException.class);
	}

	@Test
	void apacheUploadResetIsRst(ChaosServer server) {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> post(server, "/s5", Scenarios.UPLOAD_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class).hasRootCauseMessage("Connection reset by peer");
		assertReset(failure, ResetSignal.RST);
	}

	private String get(ChaosServer server, String path) {
		return this.restClient.get().uri(server.url(path)).retrieve().body(String.class);
	}

	private String post(ChaosServer server, String path, byte[] body) {
		return this.restClient.post().uri(server.url(path)).body(body).retrieve().body(String.class);
	}

	private static HttpComponentsClientHttpRequestFactory createRequestFactory() {
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory();
		requestFactory.setReadTimeout(Scenarios.TIMEOUT);
		return requestFactory;
	}

}
