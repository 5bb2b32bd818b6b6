package com.example.smoke.httpservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * A smoke application: nothing in it knows Reset Guard beyond the starter on its classpath.
 */
@SpringBootApplication
@ImportHttpServices(group = "inventory", types = InventoryService.class)
public class HttpServiceSmokeApplication {

	public static void main(String[] args) {
		SpringApplication.run(HttpServiceSmokeApplication.class, args);
	}

}
