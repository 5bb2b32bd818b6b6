package com.example.smoke.resttemplate;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestTemplate;

/**
 * Asks the inventory service for stock, with a {@link RestTemplate} from Boot's builder.
 */
@Component
public class InventoryClient {

	private final RestTemplate restTemplate;

	public InventoryClient(RestTemplateBuilder builder, @Value("${inventory.url}") String url) {
		this.restTemplate = builder.rootUri(url).build();
	}

	public String stock(String sku) {
		return this.restTemplate.getForObject("/stock/{sku}", String.class, sku);
	}

}
