package dev.resetguard.dashboards.app;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.SocketFactory;

import dev.resetguard.ResetGuard;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.prevention.AdaptiveIdlePolicy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A small Boot application with Reset Guard, the actuator and Prometheus export that provokes real
 * resets through the chaos peers while it runs ({@link ResetTraffic}) and serves
 * {@code /actuator/prometheus} on a free loopback port, for the dashboard and alert rules to be checked
 * against what a real Prometheus scrapes from it.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
// The foundation's AutoConfiguration.imports registers only ResetGuardAutoConfiguration so far; the
// observability branch registers the rest. Importing them here is harmless once it does.
public class ResetTrafficApplication {

	/** The {@code application} tag, as {@code management.metrics.tags.application} sets it. */
	public static final String APPLICATION = "reset-guard-dashboards-test";

	@Bean
	ResetTraffic resetTraffic(ChaosPeers peers, @Qualifier("resetGuardSocketFactory") SocketFactory sockets,
			ResetGuard resetGuard, AdaptiveIdlePolicy idlePolicy, ResetGuardMetrics metrics) {
		return new ResetTraffic(peers, sockets, resetGuard, idlePolicy, metrics);
	}

	/**
	 * Run the application; its traffic starts with it and stops when it is closed.
	 * @param peers the chaos peers to talk to, started
	 * @return the running application; its port is the {@code local.server.port} property
	 */
	public static ConfigurableApplicationContext run(ChaosPeers peers) {
		return new SpringApplicationBuilder(ResetTrafficApplication.class).properties(properties(peers))
			.initializers((context) -> context.getBeanFactory().registerSingleton("chaosPeers", peers))
			.run();
	}

	private static Map<String, Object> properties(ChaosPeers peers) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", APPLICATION);
		properties.put("spring.main.banner-mode", "off");
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", 0);
		properties.put("management.endpoints.web.exposure.include", "prometheus");
		properties.put("management.metrics.tags.application", APPLICATION);
		properties.put("reset-guard.cause.middlebox-silence", ChaosPeers.SILENCE.minusMillis(200).toMillis() + "ms");
		properties.put("reset-guard.retry.initial-backoff", "5ms");
		properties.put("reset-guard.retry.max-backoff", "20ms");
		String budgetless = "reset-guard.peers.[" + ChaosPeers.peer(peers.budgetless()) + "].retry.budget.";
		properties.put(budgetless + "ratio", 0);
		properties.put(budgetless + "min-per-second", 0);
		return properties;
	}

}
