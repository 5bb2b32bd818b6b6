package dev.resetguard.reliability.hardening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every {@code reset-guard.*} property, set to a value it must not take, fails a real startup with a
 * failure analysis that names the property, the value and what is allowed. The list of properties is
 * not written here: it is read from the configuration metadata generated into
 * {@code reset-guard-spring-boot} ({@link ResetGuardMetadata}), and per-peer overrides take every
 * {@code reset-guard.retry.*} property. {@link #tableCoversEveryPropertyThatCanBeOutOfRange()} fails
 * when a property whose values have a range has no out-of-range case in {@link #OUT_OF_RANGE}, and
 * every property also gets an unconvertible and an empty value generated from its declared type.
 * <p>
 * The table runs against Reset Guard's own auto-configurations (read from its
 * {@code AutoConfiguration.imports}) in an {@link ApplicationContextRunner}, so ~130 startups stay
 * fast; {@link #everyOutOfRangeValueIsReportedAtOnceToTheConsole} and the garbage-value test run
 * through {@link SpringApplication} with every auto-configuration on the class path and read what a
 * user reads on the console. Boundary values that must be accepted, origins in YAML files and the
 * analyzer's ordering against Boot's own analyzers are pinned by the autoconfigure module's
 * {@code ResetGuardPropertiesValidationTests} and {@code ResetGuardPropertiesFailureAnalyzerTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesStartupTests {

	private static final String PEER_KEY = "payments.internal:443";

	private static final String PEER = "reset-guard.peers.[" + PEER_KEY + "].";

	/** Metadata types whose every convertible value is valid; they can only be invalid by not converting. */
	private static final Set<String> UNBOUNDED_TYPES = Set.of("java.lang.Boolean",
			"dev.resetguard.retry.NonIdempotentRetry");

	/**
	 * Out-of-range values: each converts to its property's type, and the validator must still reject
	 * it. Property relative to {@code reset-guard.}, value, what the failure must say is allowed. The
	 * same rows apply to each peer's {@code retry.*} overrides.
	 */
	private static final List<List<String>> OUT_OF_RANGE = List.of(
			List.of("retry.max-attempts", "0", "a whole number between 1 and 100, inclusive"),
			// Past the limits of the core's RetrySettings, whose own message names no property.
			List.of("retry.max-attempts", "101", "a whole number between 1 and 100, inclusive"),
			List.of("retry.initial-backoff", "0", "a positive duration"),
			List.of("retry.multiplier", "0.5", "a number between 1 and 100, inclusive"),
			List.of("retry.multiplier", "100.5", "a number between 1 and 100, inclusive"),
			List.of("retry.max-backoff", "-2s", "a positive duration"),
			List.of("retry.max-backoff", "61m", "a positive duration of at most 1h"),
			List.of("retry.jitter", "1.5", "a number between 0 and 1, inclusive"),
			List.of("retry.idempotency-header", "Idempotency Key",
					"a non-blank HTTP header name, made of letters, digits and !#$%&'*+-.^_`|~"),
			List.of("retry.budget.ratio", "1.01", "a number between 0 and 1, inclusive"),
			List.of("retry.budget.min-per-second", "-1", "a whole number between 0 and 1000000, inclusive"),
			List.of("retry.budget.min-per-second", "1000001", "a whole number between 0 and 1000000, inclusive"),
			List.of("restart.max-wait", "-5s", "a positive duration"),
			List.of("prevention.min-idle", "0ms", "a positive duration"),
			List.of("cause.middlebox-silence", "0s", "a positive duration"),
			List.of("cause.restart-window", "-1ms", "a positive duration"),
			List.of("cause.restart-min-connections", "1", "a whole number of at least 2"),
			List.of("socket.connect-timeout", "0", "a positive duration, such as 5s (0 would mean no timeout"),
			List.of("socket.read-timeout", "0", "a positive duration, such as 30s (0 would mean no timeout"),
			List.of("socket.keep-alive-idle", "999ms", "a duration between 1s and 32767s, inclusive"),
			List.of("socket.keep-alive-interval", "32768s", "a duration between 1s and 32767s, inclusive"),
			List.of("metrics.max-peers", "0", "a whole number of at least 1"),
			List.of("health.window", "-1m", "a positive duration"),
			List.of("health.min-calls", "0", "a whole number of at least 1"),
			List.of("health.degraded-ratio", "0", "a number greater than 0 and at most 1"),
			List.of("health.down-ratio", "1.5", "a number greater than 0 and at most 1"),
			List.of("events.capacity", "100001", "a whole number between 1 and 100000, inclusive"));

	/** What the failure must say is allowed for a value that does not convert to the declared type. */
	private static final Map<String, String> TYPE_DESCRIPTIONS = Map.of("java.lang.Boolean", "true or false",
			"java.lang.Integer", "a whole number", "java.lang.Double", "a number", "java.time.Duration",
			"a duration, such as 500ms, 5s or 1m", "dev.resetguard.retry.NonIdempotentRetry",
			"one of never, safe-only, always");

	private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(resetGuardAutoConfigurations()));

	@Test
	void tableCoversEveryPropertyThatCanBeOutOfRange() {
		Map<String, String> properties = settableProperties();
		Set<String> covered = new LinkedHashSet<>();
		for (Arguments row : outOfRangeValues().toList()) {
			covered.add((String) row.get()[0]);
		}
		List<String> missing = new ArrayList<>();
		properties.forEach((name, type) -> {
			if (!UNBOUNDED_TYPES.contains(type) && !covered.contains(name)) {
				missing.add(name + " (" + type + ")");
			}
		});
		assertThat(missing).as("properties with a range but no out-of-range case in OUT_OF_RANGE").isEmpty();
		assertThat(covered).as("rows of OUT_OF_RANGE that name no property").isSubsetOf(properties.keySet());
		Set<String> types = new LinkedHashSet<>(properties.values());
		types.remove("java.lang.String");
		assertThat(TYPE_DESCRIPTIONS.keySet()).as("metadata types without an expected description").containsAll(types);
	}

	@Test
	void outOfRangeValuesConvertSoThatTheValidatorIsWhatRejectsThem() {
		Map<String, String> properties = settableProperties();
		outOfRangeValues().forEach((row) -> {
			Object[] arguments = row.get();
			Class<?> type = type(properties.get((String) arguments[0]));
			assertThat(CONVERSION.canConvert(String.class, type)).isTrue();
			assertThat(CONVERSION.convert(arguments[1], type)).as("%s=%s", arguments[0], arguments[1]).isNotNull();
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("outOfRangeValues")
	void outOfRangeValueFailsStartupNamingPropertyValueAndRange(String name, String value, String allowed) {
		assertReported(name, value, allowed);
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("unconvertibleValues")
	void unconvertibleValueFailsStartupNamingPropertyValueAndType(String name, String value, String allowed) {
		assertReported(name, value, allowed);
	}

	@ParameterizedTest(name = "{0}=")
	@MethodSource("propertyNames")
	void emptyValueFailsStartupNamingTheProperty(String name) {
		this.contextRunner.withInitializer(properties(name + "=")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s=", name).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + name + "\n")
				.contains("Value: \"\"")
				.containsPattern("Allowed: \\S+");
			assertThat(analysis.getAction()).contains(name);
		});
	}

	@ParameterizedTest(name = "[{0}]")
	@MethodSource("malformedPeerKeys")
	void malformedPeerKeyFailsStartupNamingTheKey(String key, String reported, String value, String allowed) {
		this.contextRunner.withInitializer(properties("reset-guard.peers.[" + key + "].retry.max-attempts=5"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
				assertThat(analysis).as("failure analysis of key [%s]", key).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: " + reported + "\n")
					.contains("Value: \"" + value + "\"")
					.contains("Allowed: " + allowed);
			});
	}

	@Test
	void everyOutOfRangeValueIsReportedAtOnceToTheConsole(CapturedOutput output) {
		// One value per property, the last row's: a property set twice on one command line keeps that one.
		Map<Object, Arguments> lastRows = new LinkedHashMap<>();
		outOfRangeValues().forEach((row) -> lastRows.put(row.get()[0], row));
		List<Arguments> rows = List.copyOf(lastRows.values());
		List<String> args = new ArrayList<>();
		for (Arguments row : rows) {
			args.add("--" + row.get()[0] + "=" + row.get()[1]);
		}
		assertThatException().isThrownBy(() -> run(args));
		String console = output.toString();
		assertThat(console).contains("Invalid Reset Guard configuration:");
		for (Arguments row : rows) {
			Object[] arguments = row.get();
			assertThat(console).contains("Property: " + arguments[0] + System.lineSeparator() + "    Value: \""
					+ arguments[1] + "\"")
				.contains("Allowed: " + arguments[2]);
		}
	}

	@Test
	void unconvertibleValueIsReportedToTheConsole(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(List.of("--reset-guard.retry.max-backoff=forever")));
		assertThat(output).contains("Property: reset-guard.retry.max-backoff" + System.lineSeparator()
				+ "    Value: \"forever\"")
			.contains("Allowed: a duration, such as 500ms, 5s or 1m");
	}

	static Stream<Arguments> outOfRangeValues() {
		Map<String, String> properties = settableProperties();
		List<Arguments> rows = new ArrayList<>();
		for (List<String> row : OUT_OF_RANGE) {
			rows.add(arguments(ResetGuardMetadata.PREFIX + row.get(0), row.get(1), row.get(2)));
			String peerName = PEER + row.get(0);
			if (row.get(0).startsWith("retry.") && properties.containsKey(peerName)) {
				rows.add(arguments(peerName, row.get(1), row.get(2)));
			}
		}
		return rows.stream();
	}

	static Stream<Arguments> unconvertibleValues() {
		List<Arguments> rows = new ArrayList<>();
		settableProperties().forEach((name, type) -> {
			if (!"java.lang.String".equals(type)) {
				rows.add(arguments(name, "not-a-value", TYPE_DESCRIPTIONS.get(type)));
			}
		});
		return rows.stream();
	}

	static Stream<String> propertyNames() {
		return settableProperties().keySet().stream();
	}

	/**
	 * Key, property and value the failure reports, what it says is allowed. An empty key leaves no
	 * key to name: the property is then reported as if written without brackets.
	 */
	static Stream<Arguments> malformedPeerKeys() {
		List<Arguments> rows = new ArrayList<>();
		for (String key : List.of("payments.internal", "payments.internal:", "payments.internal:0",
				"payments.internal:65536", "payments.internal:99999999999", "payments.internal:https",
				"payments.internal:-1", "payments.internal:44 3", ":443", " ")) {
			rows.add(arguments(key, "reset-guard.peers.[" + key + "]", key,
					"host:port, with a host name or IPv4 address, or an IPv6 address in brackets"));
		}
		rows.add(arguments("", "reset-guard.peers.retry.max-attempts", "5", "a peer key written in brackets"));
		return rows.stream();
	}

	/**
	 * Return every property a user can set: the metadata's, with the peer map replaced by the
	 * properties of one peer, which are the {@code reset-guard.retry.*} ones.
	 */
	private static Map<String, String> settableProperties() {
		Map<String, String> metadata = ResetGuardMetadata.properties();
		assertThat(metadata).containsKey(ResetGuardMetadata.PEERS);
		Map<String, String> properties = new LinkedHashMap<>();
		metadata.forEach((name, type) -> {
			if (!name.equals(ResetGuardMetadata.PEERS)) {
				properties.put(name, type);
			}
		});
		metadata.forEach((name, type) -> {
			if (name.startsWith("reset-guard.retry.")) {
				properties.put(PEER + name.substring(ResetGuardMetadata.PREFIX.length()), type);
			}
		});
		return properties;
	}

	private void assertReported(String name, String value, String allowed) {
		this.contextRunner.withInitializer(properties(name + "=" + value)).run((context) -> {
			assertThat(context).as("startup with %s=%s", name, value).hasFailed();
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s=%s", name, value).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + name + "\n")
				.contains("Value: \"" + value + "\"")
				.contains("Allowed: " + allowed);
			assertThat(analysis.getAction()).contains(name);
		});
	}

	private static Class<?> type(String name) {
		return ClassUtils.resolveClassName(name, InvalidPropertiesStartupTests.class.getClassLoader());
	}

	private static Class<?>[] resetGuardAutoConfigurations() {
		ClassLoader classLoader = InvalidPropertiesStartupTests.class.getClassLoader();
		List<Class<?>> configurations = new ArrayList<>();
		for (String candidate : ImportCandidates.load(AutoConfiguration.class, classLoader)) {
			if (candidate.startsWith("dev.resetguard.")) {
				configurations.add(ClassUtils.resolveClassName(candidate, classLoader));
			}
		}
		assertThat(configurations).isNotEmpty();
		return configurations.toArray(new Class<?>[0]);
	}

	/**
	 * Add properties with their names exactly as given; {@code withPropertyValues} would split a peer
	 * key such as {@code [payments.internal:443]} at its colon.
	 */
	private static ApplicationContextInitializer<ConfigurableApplicationContext> properties(String... pairs) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String pair : pairs) {
			int separator = pair.indexOf('=');
			properties.put(pair.substring(0, separator), pair.substring(separator + 1));
		}
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", properties));
	}

	private static void run(List<String> args) {
		SpringApplication application = new SpringApplication(UserApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.run(args.toArray(new String[0]));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UserApplication {

	}

}
