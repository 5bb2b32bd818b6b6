package dev.resetguard.autoconfigure;

import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ResetGuardPropertiesFailureAnalyzer}, mostly through a real
 * {@code SpringApplication} that reads a YAML file, so that what is asserted is what a user sees.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResetGuardPropertiesFailureAnalyzerTests {

	@Test
	void outOfRangeValuesInYamlShouldBeReportedWithLineAndAllowedRange(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("invalid.yml"));
		assertThat(output).contains(lines("Description:", "", "Invalid Reset Guard configuration:", "",
				"    Property: reset-guard.retry.jitter", "    Value: \"1.5\"",
				"    Origin: class path resource [dev/resetguard/autoconfigure/invalid.yml] - 3:13",
				"    Allowed: a number between 0 and 1, inclusive", "",
				"    Property: reset-guard.peers.[payments.internal:443].retry.max-attempts", "    Value: \"0\"",
				"    Origin: class path resource [dev/resetguard/autoconfigure/invalid.yml] - 7:23",
				"    Allowed: a whole number between 1 and 100, inclusive (1 disables retries)", "", "", "Action:", "",
				"Update your application's configuration:", "",
				"    - Change reset-guard.retry.jitter to a number between 0 and 1, inclusive, or remove it to use "
						+ "the default.",
				"    - Change reset-guard.peers.[payments.internal:443].retry.max-attempts to a whole number between "
						+ "1 and 100, inclusive, or remove it to use the default."));
	}

	@Test
	void unknownEnumValueInYamlShouldBeReportedWithTheValuesAsWrittenInConfiguration(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("unknown-enum.yml"));
		assertThat(output).contains(lines("Description:", "", "Invalid Reset Guard configuration:", "",
				"    Property: reset-guard.retry.non-idempotent", "    Value: \"sometimes\"",
				"    Origin: class path resource [dev/resetguard/autoconfigure/unknown-enum.yml] - 3:21",
				"    Allowed: one of never, safe-only, always", "", "", "Action:", "",
				"Update your application's configuration:", "",
				"    - Change reset-guard.retry.non-idempotent to one of never, safe-only, always, or remove it to "
						+ "use the default."));
	}

	@Test
	void peerKeyWithoutBracketsInYamlShouldBeReportedInsteadOfIgnored(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("unbracketed-peer.yml"));
		assertThat(output).contains("Property: reset-guard.peers.payments.internal443.retry.max-attempts")
			.contains("Allowed: a peer key written in brackets, such as \"[payments.internal:443]\"");
	}

	@Test
	void valueGivenToAPeerKeyItselfInYamlShouldBeReportedWithTheValueAndWhatIsWrongWithIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("peer-key-with-a-value.yml"));
		assertThat(output).contains(lines("    Property: reset-guard.peers.[bad]", "    Value: \"x\"",
				"    Origin: class path resource [dev/resetguard/autoconfigure/peer-key-with-a-value.yml] - 3:14",
				"    Allowed: settings under the peer key, such as reset-guard.peers.[bad].retry.max-attempts=5 "
						+ "(a peer key takes no value of its own, and \"bad\" is not host:port, with a host name or "
						+ "IPv4 address, or an IPv6 address in brackets such as [::1]:8080, and a port between 1 and "
						+ "65535)"))
			.contains("    - Move the value to a setting under reset-guard.peers.[bad], such as "
					+ "reset-guard.peers.[bad].retry.max-attempts, with the key changed to host:port, or remove it.")
			.doesNotContain("written in brackets");
	}

	@Test
	void shouldBeAskedBeforeSpringBootsBindAnalyzers() {
		List<String> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class,
					ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
						.and(Environment.class, new StandardEnvironment()),
					FailureHandler.logging(LogFactory.getLog(getClass())))
			.stream()
			.map((analyzer) -> analyzer.getClass().getSimpleName())
			.toList();
		assertThat(analyzers).startsWith(ResetGuardPropertiesFailureAnalyzer.class.getSimpleName())
			.contains("BindFailureAnalyzer", "BindValidationFailureAnalyzer",
					"UnboundConfigurationPropertyFailureAnalyzer");
	}

	@Test
	void bindFailureOfAnotherPrefixShouldBeLeftToOtherAnalyzers() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("other.count", "many")));
		BindException failure = catchThrowableOfType(BindException.class,
				() -> binder.bind("other.count", Integer.class));
		assertThat(new ResetGuardPropertiesFailureAnalyzer(new StandardEnvironment()).analyze(failure)).isNull();
	}

	@Test
	void failureWithoutBindExceptionShouldBeLeftToOtherAnalyzers() {
		assertThat(new ResetGuardPropertiesFailureAnalyzer(new StandardEnvironment())
			.analyze(new IllegalStateException("boom"))).isNull();
	}

	private static void run(String yaml) {
		new SpringApplicationBuilder(InvalidConfigurationApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--spring.config.location=classpath:dev/resetguard/autoconfigure/" + yaml);
	}

	private static String lines(String... lines) {
		return String.join(System.lineSeparator(), lines);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ResetGuardAutoConfiguration.class)
	static class InvalidConfigurationApplication {

	}

}
