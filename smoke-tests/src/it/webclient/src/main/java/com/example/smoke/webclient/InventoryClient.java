package com.example.smoke.webclient;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Asks the inventory service for stock, with a {@link WebClient} from Boot's builder.
 */
@Component
public class InventoryClient {

	private final WebClient webClient;

	public InventoryClient(WebClient.Builder builder, @Value("${inventory.url}") String url) {
		this.webClient = builder.baseUrl(url).build();
	}

	public Mono<String> stock(String sku) {
		return this.webClient.get().uri("/stock/{sku}", sku).retrieve().bodyToMono(String.class);
	}

}
