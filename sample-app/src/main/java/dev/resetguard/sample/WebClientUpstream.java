package dev.resetguard.sample;

import java.time.Duration;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the upstream through a {@link WebClient} built from Boot's builder, which Reset Guard
 * decorates. The sample's traffic threads wait for each call, as a batch job would.
 */
public class WebClientUpstream implements UpstreamClient {

	// Longer than any retried call of the scenarios, so the wait never cuts a recovery short.
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final WebClient client;

	/**
	 * Create the client.
	 * @param client the decorated client, with the upstream as base URL
	 */
	public WebClientUpstream(WebClient client) {
		this.client = client;
	}

	@Override
	public String name() {
		return ClientKind.WEB_CLIENT.tagValue();
	}

	@Override
	public void download(String path) {
		this.client.get().uri(path).retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

	@Override
	public void upload(String path, byte[] body, String idempotencyKey) {
		this.client.post()
			.uri(path)
			.header(SampleTraffic.IDEMPOTENCY_HEADER, idempotencyKey)
			.header(HttpHeaders.CONNECTION, "close")
			.bodyValue(body)
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
	}

}
