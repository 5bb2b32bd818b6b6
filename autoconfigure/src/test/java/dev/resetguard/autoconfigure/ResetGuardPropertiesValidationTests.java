package dev.resetguard.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for the validation of {@link ResetGuardProperties}: every invalid value fails startup, and
 * the failure analysis a user sees names the property, the value and what is allowed.
 */
class ResetGuardPropertiesValidationTests {

	private static final String PEER = "reset-guard.peers.[payments.internal:443].retry.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class));

	static Stream<Arguments> invalidProperties() {
		return Stream.of(
				// property=value as set, the property and value as reported, what is allowed
				invalid("reset-guard.retry.max-attempts=0", "a whole number between 1 and 100, inclusive"),
				invalid("reset-guard.retry.max-attempts=-1", "a whole number between 1 and 100, inclusive"),
				// Past the limits RetrySettings enforces, which would otherwise stop startup with its own message,
				// naming its field (maxAttempts) rather than the property.
				invalid("reset-guard.retry.max-attempts=101", "a whole number between 1 and 100, inclusive"),
				invalid("reset-guard.retry.max-backoff=2h", "a positive duration of at most 1h"),
				invalid("reset-guard.retry.multiplier=101", "a number between 1 and 100, inclusive"),
				invalid("reset-guard.retry.multiplier=Infinity", "a number between 1 and 100, inclusive"),
				invalid("reset-guard.retry.budget.min-per-second=1000001",
						"a whole number between 0 and 1000000, inclusive"),
				invalid(PEER + "max-attempts=500", "a whole number between 1 and 100, inclusive"),
				invalid(PEER + "max-backoff=1d", "a positive duration of at most 1h"),
				invalid(PEER + "multiplier=1000", "a number between 1 and 100, inclusive"),
				invalid(PEER + "budget.min-per-second=2000000", "a whole number between 0 and 1000000, inclusive"),
				invalid("reset-guard.retry.max-attempts=three", "a whole number"),
				invalid("reset-guard.retry.initial-backoff=0", "a positive duration"),
				invalid("reset-guard.retry.initial-backoff=-5ms", "a positive duration"),
				invalid("reset-guard.retry.initial-backoff=soon", "a duration, such as 500ms, 5s or 1m"),
				invalid("reset-guard.retry.multiplier=0.5", "a number between 1 and 100, inclusive"),
				invalid("reset-guard.retry.max-backoff=0s", "a positive duration"),
				invalid("reset-guard.retry.max-backoff=50ms",
						"a duration of at least reset-guard.retry.initial-backoff (100ms)"),
				invalid("reset-guard.retry.jitter=1.5", "a number between 0 and 1, inclusive"),
				invalid("reset-guard.retry.jitter=-0.1", "a number between 0 and 1, inclusive"),
				invalid("reset-guard.retry.jitter=NaN", "a number between 0 and 1, inclusive"),
				invalid("reset-guard.retry.jitter=half", "a number"),
				invalid("reset-guard.retry.non-idempotent=sometimes", "one of never, safe-only, always"),
				invalid("reset-guard.retry.non-idempotent=",
						"one of never, safe-only, always (an empty value sets nothing)"),
				invalid("reset-guard.retry.initial-backoff=", "a duration, such as 500ms, 5s or 1m"),
				invalid("reset-guard.retry.max-attempts=", "a whole number"),
				invalid("reset-guard.socket.keep-alive=", "true or false"),
				invalid("reset-guard.retry.idempotency-header=", "a non-blank HTTP header name"),
				invalid("reset-guard.retry.idempotency-header=  ", "a non-blank HTTP header name"),
				invalid("reset-guard.retry.idempotency-header=Idempotency Key", "a non-blank HTTP header name"),
				invalid("reset-guard.retry.budget.ratio=-0.1", "a number between 0 and 1, inclusive"),
				invalid("reset-guard.retry.budget.ratio=1.5",
						"a number between 0 and 1, inclusive (above 1, retries could more than double the load"),
				invalid("reset-guard.retry.budget.min-per-second=-1", "a whole number between 0 and 1000000, inclusive"),
				invalid("reset-guard.restart.max-wait=0", "a positive duration"),
				invalid("reset-guard.restart.max-wait=-1s", "a positive duration"),
				invalid("reset-guard.cause.middlebox-silence=0", "a positive duration"),
				invalid("reset-guard.cause.middlebox-silence=-30s", "a positive duration"),
				invalid("reset-guard.cause.restart-window=0", "a positive duration"),
				invalid("reset-guard.cause.restart-window=-2s", "a positive duration"),
				invalid("reset-guard.cause.restart-min-connections=1", "a whole number of at least 2"),
				invalid("reset-guard.socket.connect-timeout=0",
						"a positive duration, such as 5s (0 would mean no timeout, which is not allowed"),
				invalid("reset-guard.socket.connect-timeout=-1s", "a positive duration"),
				invalid("reset-guard.socket.read-timeout=0",
						"a positive duration, such as 30s (0 would mean no timeout, which is not allowed"),
				invalid("reset-guard.socket.read-timeout=-30s", "a positive duration"),
				invalid("reset-guard.socket.keep-alive=maybe", "true or false"),
				invalid("reset-guard.socket.keep-alive-idle=500ms", "a duration between 1s and 32767s"),
				invalid("reset-guard.socket.keep-alive-interval=10h", "a duration between 1s and 32767s"),
				invalid("reset-guard.metrics.max-peers=0", "a whole number of at least 1"),
				invalid("reset-guard.health.window=0", "a positive duration"),
				invalid("reset-guard.health.window=-1m", "a positive duration"),
				invalid("reset-guard.health.min-calls=0", "a whole number of at least 1"),
				invalid("reset-guard.health.degraded-ratio=0", "a number greater than 0 and at most 1"),
				invalid("reset-guard.health.degraded-ratio=1.5", "a number greater than 0 and at most 1"),
				invalid("reset-guard.health.degraded-ratio=0.5",
						"a number greater than 0 and lower than reset-guard.health.down-ratio (0.5)"),
				invalid("reset-guard.health.degraded-ratio=0.8",
						"a number greater than 0 and lower than reset-guard.health.down-ratio (0.5)"),
				invalid("reset-guard.health.down-ratio=0", "a number greater than 0 and at most 1"),
				invalid("reset-guard.health.down-ratio=2", "a number greater than 0 and at most 1"),
				invalid("reset-guard.events.capacity=0", "a whole number between 1 and 100000, inclusive"),
				invalid("reset-guard.events.capacity=100001", "a whole number between 1 and 100000, inclusive"),
				invalid(PEER + "max-attempts=0", "a whole number between 1 and 100, inclusive"),
				invalid(PEER + "initial-backoff=-1ms", "a positive duration"),
				invalid(PEER + "multiplier=0", "a number between 1 and 100, inclusive"),
				invalid(PEER + "max-backoff=50ms", "a duration of at least reset-guard.retry.initial-backoff (100ms)"),
				invalid(PEER + "jitter=2", "a number between 0 and 1, inclusive"),
				invalid(PEER + "non-idempotent=maybe", "one of never, safe-only, always"),
				invalid(PEER + "max-attempts=", "a whole number (an empty value sets nothing)"),
				invalid(PEER + "idempotency-header=", "a non-blank HTTP header name"),
				invalid(PEER + "budget.ratio=3", "a number between 0 and 1, inclusive"),
				invalid(PEER + "budget.min-per-second=-1", "a whole number between 0 and 1000000, inclusive"));
	}

	static Stream<Arguments> invalidPeerKeys() {
		return Stream.of(arguments("payments.internal"), arguments("payments.internal:"),
				arguments("payments.internal:0"), arguments("payments.internal:65536"),
				arguments("payments.internal:https"), arguments(":443"), arguments("https://payments.internal:443"),
				arguments("user@payments.internal:443"), arguments("::1:8080"), arguments("[::1]"),
				arguments("[]:8080"), arguments("[payments.internal]:443"), arguments("payments internal:443"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidProperties")
	void invalidValueShouldFailWithPropertyValueAndAllowed(String property, String name, String value,
			String allowed) {
		this.contextRunner.withInitializer(RawProperties.of(property)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: " + name + "\n")
				.contains("Value: \"" + value + "\"")
				.contains("Allowed: " + allowed);
			assertThat(analysis.getAction()).contains(name);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPeerKeys")
	void malformedPeerKeyShouldFailWithKeyAndAllowedForm(String key) {
		String name = "reset-guard.peers.[" + key + "]";
		this.contextRunner.withInitializer(RawProperties.of(name + ".retry.max-attempts=5")).run((context) -> {
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: " + name + "\n")
				.contains("Value: \"" + key + "\"")
				.contains("Allowed: " + ResetGuardPropertiesValidator.PEER_KEY);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "payments.internal:443", "10.0.0.1:1", "orders:65535", "my_host-1.example:8080",
			"[::1]:8080", "[fe80::1:2]:443", "[::ffff:10.0.0.1]:80" })
	void wellFormedPeerKeyShouldBeAccepted(String key) {
		this.contextRunner.withInitializer(RawProperties.of("reset-guard.peers.[" + key + "].retry.max-attempts=5"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "reset-guard.retry.max-attempts=1", "reset-guard.retry.multiplier=1",
			"reset-guard.retry.max-backoff=100ms", "reset-guard.retry.jitter=0", "reset-guard.retry.jitter=1",
			"reset-guard.retry.non-idempotent=never", "reset-guard.retry.non-idempotent=ALWAYS",
			"reset-guard.retry.idempotency-header=X-Request-Id", "reset-guard.retry.budget.ratio=0",
			"reset-guard.retry.budget.ratio=1", "reset-guard.retry.budget.min-per-second=0",
			"reset-guard.restart.max-wait=1ms", "reset-guard.cause.restart-min-connections=2",
			"reset-guard.socket.read-timeout=1ms", "reset-guard.metrics.max-peers=1", "reset-guard.health.min-calls=1",
			"reset-guard.health.down-ratio=1", "reset-guard.health.degraded-ratio=0.49",
			"reset-guard.events.capacity=1", "reset-guard.events.capacity=100000" })
	void boundaryValueShouldBeAccepted(String property) {
		this.contextRunner.withInitializer(RawProperties.of(property))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void peerInitialBackoffAboveGlobalMaxBackoffShouldFailOnThePeerProperty() {
		this.contextRunner.withInitializer(RawProperties.of(PEER + "initial-backoff=5s")).run((context) -> {
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: " + PEER + "initial-backoff\n")
				.contains("Value: \"5s\"")
				.contains("Allowed: a duration of at most reset-guard.retry.max-backoff (2s) (or set " + PEER
						+ "max-backoff as well)");
		});
	}

	@Test
	void peerWithBothBackoffsShouldBeCheckedAgainstItsOwnInitialBackoff() {
		this.contextRunner.withInitializer(RawProperties.of(PEER + "initial-backoff=5s", PEER + "max-backoff=3s"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Allowed: a duration of at least " + PEER + "initial-backoff (5s)"));
	}

	@Test
	void peerBackoffsAboveTheGlobalOnesShouldBeAccepted() {
		this.contextRunner.withInitializer(RawProperties.of(PEER + "initial-backoff=5s", PEER + "max-backoff=30s"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void defaultInConflictWithASetValueShouldBeReportedAsDefault() {
		this.contextRunner.withInitializer(RawProperties.of("reset-guard.retry.initial-backoff=5s")).run((context) -> {
			FailureAnalysis analysis = ReportedFailureAnalysis.of(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: reset-guard.retry.max-backoff\n")
				.contains("Value: \"2s\" (default)")
				.contains("Allowed: a duration of at least reset-guard.retry.initial-backoff (5s)");
		});
	}

	@Test
	void everyInvalidValueShouldBeReportedAtOnce() {
		this.contextRunner
			.withInitializer(RawProperties.of("reset-guard.retry.jitter=2", "reset-guard.events.capacity=0",
					PEER + "max-attempts=0"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Property: reset-guard.retry.jitter\n", "Property: reset-guard.events.capacity\n",
						"Property: " + PEER + "max-attempts\n"));
	}

	@Test
	void setValueShouldBeReportedWithItsOrigin() {
		this.contextRunner.withInitializer(RawProperties.of("reset-guard.retry.jitter=2"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Origin: \"reset-guard.retry.jitter\" from property source \"test\""));
	}

	@Test
	void setValueShouldBeFixedByChangingOrRemovingIt() {
		this.contextRunner.withInitializer(RawProperties.of("reset-guard.retry.jitter=2"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getAction())
				.contains("Change reset-guard.retry.jitter to a number between 0 and 1, inclusive, "
						+ "or remove it to use the default."));
	}

	@Test
	void peerKeyWithoutBracketsShouldFailAsUnbound() {
		this.contextRunner
			.withInitializer(RawProperties.of("reset-guard.peers.payments.internal.retry.max-attempts=5"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Property: reset-guard.peers.payments.internal.retry.max-attempts\n")
				.contains("Value: \"5\"")
				.contains("Allowed: a peer key written in brackets, such as \"[payments.internal:443]\""));
	}

	@Test
	void misspeltPropertyShouldFailAsUnknown() {
		this.contextRunner.withInitializer(RawProperties.of("reset-guard.retry.max-atempts=5"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Property: reset-guard.retry.max-atempts\n")
				.contains("Allowed: one of the properties that Reset Guard defines"));
	}

	@Test
	void misspeltPeerPropertyShouldFailAsUnknown() {
		this.contextRunner.withInitializer(RawProperties.of(PEER + "jiter=0.1"))
			.run((context) -> assertThat(ReportedFailureAnalysis.of(context.getStartupFailure()).getDescription())
				.contains("Property: " + PEER + "jiter\n"));
	}

	private static Arguments invalid(String property, String allowed) {
		int separator = property.indexOf('=');
		return arguments(property, property.substring(0, separator), property.substring(separator + 1), allowed);
	}

}
