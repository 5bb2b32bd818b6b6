package dev.resetguard.sample;

import dev.resetguard.forensics.ClientKind;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestTemplate;

/**
 * Calls the upstream through a {@link RestTemplate} built from Boot's builder, which Reset Guard
 * decorates.
 */
public class RestTemplateUpstream implements UpstreamClient {

	private final RestTemplate template;

	/**
	 * Create the client.
	 * @param template the decorated template, with the upstream as base URI
	 */
	public RestTemplateUpstream(RestTemplate template) {
		this.template = template;
	}

	@Override
	public String name() {
		return ClientKind.REST_TEMPLATE.tagValue();
	}

	@Override
	public void download(String path) {
		this.template.getForObject(path, String.class);
	}

	@Override
	public void upload(String path, byte[] body, String idempotencyKey) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(SampleTraffic.IDEMPOTENCY_HEADER, idempotencyKey);
		headers.set(HttpHeaders.CONNECTION, "close");
		this.template.postForEntity(path, new HttpEntity<>(body, headers), Void.class);
	}

}
