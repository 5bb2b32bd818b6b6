package dev.resetguard.sample;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * Calls the upstream through a {@link RestClient} built from Boot's builder, which Reset Guard
 * decorates.
 */
public class RestClientUpstream implements UpstreamClient {

	private final RestClient client;

	/**
	 * Create the client.
	 * @param client the decorated client, with the upstream as base URL
	 */
	public RestClientUpstream(RestClient client) {
		this.client = client;
	}

	@Override
	public String name() {
		return ClientKind.REST_CLIENT.tagValue();
	}

	@Override
	public void download(String path) {
		this.client.get().uri(path).retrieve().body(String.class);
	}

	@Override
	public void upload(String path, byte[] body, String idempotencyKey) {
		this.client.post()
			.uri(path)
			.header(SampleTraffic.IDEMPOTENCY_HEADER, idempotencyKey)
			.header(HttpHeaders.CONNECTION, "close")
			.body(body)
			.retrieve()
			.toBodilessEntity();
	}

}
