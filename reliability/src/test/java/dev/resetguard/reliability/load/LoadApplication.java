package dev.resetguard.reliability.load;

import dev.resetguard.autoconfigure.ResetGuardProperties;
import dev.resetguard.restart.RestartRideThrough;
import dev.resetguard.retry.PeerRetrySettings;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the load and restart tests start: a plain Spring Boot application with the starter's
 * auto-configuration, as a user gets it, plus the user-defined listener beans the tests count with. Its
 * ride-through is the starter's, built from the same properties, with a probe whose connections are
 * observable (see {@link ObservingPeerProbe}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class LoadApplication {

	@Bean
	CountingResetListener countingResetListener() {
		return new CountingResetListener();
	}

	@Bean
	CountingCallOutcomeListener countingCallOutcomeListener() {
		return new CountingCallOutcomeListener();
	}

	@Bean
	ObservingPeerProbe observingPeerProbe(ResetGuardProperties properties) {
		return new ObservingPeerProbe(properties.getSocket().getConnectTimeout());
	}

	@Bean
	RestartRideThrough resetGuardRestartRideThrough(ResetGuardProperties properties,
			PeerRetrySettings resetGuardPeerRetrySettings, ObservingPeerProbe observingPeerProbe) {
		return new RestartRideThrough(properties.getRestart().getMaxWait(), resetGuardPeerRetrySettings,
				observingPeerProbe);
	}

	/**
	 * Start the application without a web server.
	 * @param properties extra properties as {@code name=value}
	 * @return the running context
	 */
	static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(LoadApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

}
