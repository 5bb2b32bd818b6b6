package com.example.smoke.httpservice;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;

/**
 * The inventory service, as an HTTP interface; Boot builds its client from
 * {@code spring.http.serviceclient.inventory.*}.
 */
public interface InventoryService {

	@GetExchange("/stock/{sku}")
	String stock(@PathVariable String sku);

}
