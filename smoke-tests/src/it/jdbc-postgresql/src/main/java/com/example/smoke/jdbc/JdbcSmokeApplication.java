package com.example.smoke.jdbc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A smoke application: nothing in it knows Reset Guard beyond the starter on its classpath and the socket
 * factory's class name in the JDBC URL.
 */
@SpringBootApplication
public class JdbcSmokeApplication {

	public static void main(String[] args) {
		SpringApplication.run(JdbcSmokeApplication.class, args);
	}

}
