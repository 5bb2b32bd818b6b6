package dev.resetguard.reliability.load;

import java.time.Duration;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One client under load, as application code uses it: a GET or a POST with a request id, answered with a
 * body.
 */
interface LoadClient {

	/** Header that carries each call's unique id, which the chaos ledger records. */
	String REQUEST_ID_HEADER = "X-Request-Id";

	/**
	 * Return the kind of client, as Reset Guard tags it.
	 */
	ClientKind kind();

	/**
	 * Make one call and return the response body.
	 * @param method GET or POST
	 * @param url the URL
	 * @param requestId the call's unique id
	 * @param body the request body of a POST, {@code null} for a GET
	 */
	String exchange(HttpMethod method, String url, String requestId, byte[] body);

	/**
	 * Return a load client over a RestClient.
	 */
	static LoadClient of(RestClient client) {
		return new LoadClient() {

			@Override
			public ClientKind kind() {
				return ClientKind.REST_CLIENT;
			}

			@Override
			public String exchange(HttpMethod method, String url, String requestId, byte[] body) {
				RestClient.RequestBodySpec request = client.method(method).uri(url).header(REQUEST_ID_HEADER, requestId);
				if (body != null) {
					request.contentType(MediaType.APPLICATION_OCTET_STREAM).body(body);
				}
				return request.retrieve().body(String.class);
			}

		};
	}

	/**
	 * Return a load client over a WebClient, blocking the caller at most {@code timeout} per call.
	 */
	static LoadClient of(WebClient client, Duration timeout) {
		return new LoadClient() {

			@Override
			public ClientKind kind() {
				return ClientKind.WEB_CLIENT;
			}

			@Override
			public String exchange(HttpMethod method, String url, String requestId, byte[] body) {
				WebClient.RequestBodySpec request = client.method(method).uri(url).header(REQUEST_ID_HEADER, requestId);
				WebClient.RequestHeadersSpec<?> ready = (body != null)
						? request.contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(body) : request;
				return ready.retrieve().bodyToMono(String.class).block(timeout);
			}

		};
	}

}
