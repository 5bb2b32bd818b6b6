package dev.resetguard.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ResetGuardHealthStatusEnvironmentPostProcessorTests {

	private static final String ORDER = "management.endpoint.health.status.order";

	private final StandardEnvironment environment = new StandardEnvironment();

	private final SpringApplication application = new SpringApplication();

	private final ResetGuardHealthStatusEnvironmentPostProcessor postProcessor = new ResetGuardHealthStatusEnvironmentPostProcessor();

	@Test
	void ordersDegradedBetweenDownAndUpAsADefaultProperty() {
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
		assertThat(this.environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow())
			.satisfies((last) -> assertThat(DefaultPropertiesPropertySource.hasMatchingName(last)).isTrue());
	}

	@Test
	void applicationOrderWins() {
		properties(Map.of(ORDER, "DOWN,UP"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isEqualTo("DOWN,UP");
		assertThat(this.environment.getPropertySources().contains(DefaultPropertiesPropertySource.NAME)).isFalse();
	}

	@Test
	void applicationOrderInIndexedFormWins() {
		properties(Map.of(ORDER + "[0]", "DOWN", ORDER + "[1]", "UP"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isNull();
	}

	@Test
	void applicationDefaultPropertiesAreKept() {
		this.environment.getPropertySources()
			.addLast(new DefaultPropertiesPropertySource(Map.of("spring.application.name", "orders")));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty("spring.application.name")).isEqualTo("orders");
		assertThat(this.environment.getProperty(ORDER)).contains("DEGRADED");
	}

	@Test
	void leavesTheOrderAloneWhenResetGuardIsOff() {
		properties(Map.of("reset-guard.enabled", "false"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isNull();
	}

	@Test
	void leavesTheOrderAloneWhenTheIndicatorIsOff() {
		properties(Map.of("management.health.resetguard.enabled", "false"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isNull();
	}

	@Test
	void leavesTheOrderAloneWhenDefaultIndicatorsAreOff() {
		properties(Map.of("management.health.defaults.enabled", "false"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isNull();
	}

	@Test
	void ordersDegradedWhenOnlyTheIndicatorIsOn() {
		properties(Map.of("management.health.defaults.enabled", "false", "management.health.resetguard.enabled", "true"));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).contains("DEGRADED");
	}

	@Test
	void leavesTheOrderAloneWithoutSpringBootHealth() {
		this.application.setResourceLoader(new DefaultResourceLoader(new FilteredClassLoader(StatusAggregator.class)));
		this.postProcessor.postProcessEnvironment(this.environment, this.application);
		assertThat(this.environment.getProperty(ORDER)).isNull();
	}

	@Test
	void isRegisteredInSpringFactories() {
		// Boot's own post processors need arguments only SpringApplication has: skipped here.
		List<EnvironmentPostProcessor> postProcessors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, null, (factoryType, name, failure) -> {
			});
		assertThat(postProcessors).hasAtLeastOneElementOfType(ResetGuardHealthStatusEnvironmentPostProcessor.class);
	}

	private void properties(Map<String, Object> properties) {
		this.environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
	}

}
