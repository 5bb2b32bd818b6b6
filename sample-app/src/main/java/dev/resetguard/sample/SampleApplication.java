package dev.resetguard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Reset Guard's sample: an embedded flaky upstream, steady traffic to it through RestClient,
 * RestTemplate, WebClient and a raw socket, and a console summary of what Reset Guard saw. The
 * upstream's misbehaviour is chosen with {@code sample.scenario}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	/**
	 * Start the sample; it runs until stopped (Ctrl-C).
	 * @param args the command line arguments, for example {@code --sample.scenario=restart}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
