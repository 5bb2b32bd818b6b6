package com.example.smoke.webclient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A smoke application: nothing in it knows Reset Guard beyond the starter on its classpath.
 */
@SpringBootApplication
public class WebClientSmokeApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebClientSmokeApplication.class, args);
	}

}
