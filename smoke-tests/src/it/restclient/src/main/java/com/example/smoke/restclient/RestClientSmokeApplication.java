package com.example.smoke.restclient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A smoke application: nothing in it knows Reset Guard beyond the starter on its classpath.
 */
@SpringBootApplication
public class RestClientSmokeApplication {

	public static void main(String[] args) {
		SpringApplication.run(RestClientSmokeApplication.class, args);
	}

}
