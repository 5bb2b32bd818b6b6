package com.example.smoke.restclient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the inventory service for stock, with a {@link RestClient} from Boot's builder.
 */
@Component
public class InventoryClient {

	private final RestClient restClient;

	public InventoryClient(RestClient.Builder builder, @Value("${inventory.url}") String url) {
		this.restClient = builder.baseUrl(url).build();
	}

	public String stock(String sku) {
		return this.restClient.get().uri("/stock/{sku}", sku).retrieve().body(String.class);
	}

}
