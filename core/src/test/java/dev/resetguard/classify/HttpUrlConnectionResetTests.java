package dev.resetguard.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

import static dev.resetguard.classify.ResetAssertions.assertReset;
import static dev.resetguard.classify.ResetAssertions.assertResetWithSignalIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Ground-truth rows of client (a): {@code RestTemplate} with {@code SimpleClientHttpRequestFactory}
 * (HttpURLConnection), against real resets on loopback.
 */
@ExtendWith(ChaosServerExtension.class)
class HttpUrlConnectionResetTests {

	private final RestTemplate restTemplate = createRestTemplate();

	@Test
	void httpUrlConnectionGetResetOnAcceptIsRstOrPrematureClose(ChaosServer server) {
		server.always(Toxic.resetOnAccept());
		Throwable failure = catchThrowable(() -> get(server, "/s1"));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		// Racy: the RST meets connect, the request write or the response read; a failed request write
		// may surface as "Error writing to server", without cause
		assertResetWithSignalIn(failure, ResetSignal.RST, ResetSignal.PREMATURE_CLOSE, ResetSignal.BROKEN_PIPE);
	}

	@Test
	void httpUrlConnectionGetResetAfterRequestHeadIsRst(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> get(server, "/s2"));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void httpUrlConnectionPostResetAfterRequestHeadIsRstOrPrematureClose(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		Throwable failure = catchThrowable(() -> post(server, "/s2", Scenarios.SMALL_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		// Mostly "Connection reset"; now and then "Unexpected end of file from server"
		assertResetWithSignalIn(failure, ResetSignal.RST, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	void httpUrlConnectionGetResetMidBodyIsRstWrappedInRestClientException(ChaosServer server) {
		server.always(Toxic.resetAfterResponseBytes(Scenarios.RESPONSE_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> get(server, "/s3"));
		assertThat(failure).isExactlyInstanceOf(RestClientException.class);
		assertReset(failure, ResetSignal.RST);
	}

	@Test
	void httpUrlConnectionGetOnStaleConnectionResetByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.RST, false);
	}

	@Test
	void httpUrlConnectionPostOnStaleConnectionResetByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.RST, true);
	}

	@Test
	void httpUrlConnectionGetOnStaleConnectionClosedByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.FIN, false);
	}

	@Test
	void httpUrlConnectionPostOnStaleConnectionClosedByServerRecoversOnItsOwn(ChaosServer server) {
		assertRecoversFromStaleConnection(server, CloseMode.FIN, true);
	}

	@Test
	void httpUrlConnectionUploadResetIsPrematureCloseWithoutResetText(ChaosServer server) {
		server.always(Toxic.resetDuringUpload(Scenarios.UPLOAD_BYTES_BEFORE_RESET));
		Throwable failure = catchThrowable(() -> post(server, "/s5", Scenarios.UPLOAD_BODY));
		assertThat(failure).isInstanceOf(ResourceAccessException.class)
			.hasRootCauseMessage("Unexpected end of file from server");
		assertReset(failure, ResetSignal.PREMATURE_CLOSE);
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
		return this.restTemplate.getForObject(server.url(path), String.class);
	}

	private String post(ChaosServer server, String path, byte[] body) {
		return this.restTemplate.postForObject(server.url(path), body, String.class);
	}

	private static RestTemplate createRestTemplate() {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(Scenarios.TIMEOUT);
		requestFactory.setReadTimeout(Scenarios.TIMEOUT);
		return new RestTemplate(requestFactory);
	}

}
