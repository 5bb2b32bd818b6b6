package dev.resetguard.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetrySettingsTests {

	@Test
	void defaultsMatchTheContract() {
		RetrySettings settings = RetrySettings.ofDefaults();
		assertThat(settings.maxAttempts()).isEqualTo(3);
		assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(100));
		assertThat(settings.multiplier()).isEqualTo(2.0);
		assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.jitter()).isEqualTo(0.5);
		assertThat(settings.nonIdempotent()).isEqualTo(NonIdempotentRetry.SAFE_ONLY);
		assertThat(settings.idempotencyHeader()).isEqualTo("Idempotency-Key");
		assertThat(settings.budgetRatio()).isEqualTo(0.2);
		assertThat(settings.budgetMinPerSecond()).isEqualTo(10);
	}

	@Test
	void builderStartsFromDefaults() {
		assertThat(RetrySettings.builder().build()).isEqualTo(RetrySettings.ofDefaults());
	}

	@Test
	void toBuilderKeepsEveryValueAndLeavesTheOriginalUnchanged() {
		RetrySettings custom = RetrySettings.builder()
			.maxAttempts(5)
			.initialBackoff(Duration.ofMillis(50))
			.multiplier(3.0)
			.maxBackoff(Duration.ofSeconds(10))
			.jitter(0.0)
			.nonIdempotent(NonIdempotentRetry.NEVER)
			.idempotencyHeader("X-Request-Id")
			.budgetRatio(0.5)
			.budgetMinPerSecond(0)
			.build();
		assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
		RetrySettings derived = custom.toBuilder().maxAttempts(7).build();
		assertThat(derived.maxAttempts()).isEqualTo(7);
		assertThat(derived.idempotencyHeader()).isEqualTo("X-Request-Id");
		assertThat(custom.maxAttempts()).isEqualTo(5);
	}

	@Test
	void maxAttemptsOutOfRangeIsRejectedWithFieldAndRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().maxAttempts(0))
			.withMessage("maxAttempts must be between 1 and 100, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().maxAttempts(101))
			.withMessageContaining("maxAttempts");
	}

	@Test
	void negativeOrHugeBackoffIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetrySettings.builder().initialBackoff(Duration.ofMillis(-1)))
			.withMessage("initialBackoff must be positive and at most PT1H, but was PT-0.001S");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().maxBackoff(Duration.ofDays(1)))
			.withMessageStartingWith("maxBackoff must be positive and at most PT1H");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().maxBackoff(null))
			.withMessageStartingWith("maxBackoff");
	}

	@Test
	void initialBackoffAboveMaxBackoffIsRejectedOnBuild() {
		RetrySettings.Builder builder = RetrySettings.builder().initialBackoff(Duration.ofSeconds(5));
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("initialBackoff must be at most maxBackoff (PT2S), but was PT5S");
	}

	@Test
	void multiplierBelowOneOrNotANumberIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().multiplier(0.5))
			.withMessage("multiplier must be between 1.0 and 100.0, but was 0.5");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().multiplier(Double.NaN))
			.withMessageStartingWith("multiplier");
	}

	@Test
	void jitterOutsideZeroToOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().jitter(1.5))
			.withMessage("jitter must be between 0.0 and 1.0, but was 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().jitter(-0.1))
			.withMessageStartingWith("jitter");
	}

	@Test
	void missingNonIdempotentRuleIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().nonIdempotent(null))
			.withMessage("nonIdempotent must be one of never, safe-only, always, but was null");
	}

	@Test
	void blankOrMalformedIdempotencyHeaderIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().idempotencyHeader(""))
			.withMessageStartingWith("idempotencyHeader must be a non-blank header name");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().idempotencyHeader("Idem(Key)"))
			.withMessageStartingWith("idempotencyHeader");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().idempotencyHeader("Idem Key"))
			.withMessageStartingWith("idempotencyHeader");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().idempotencyHeader("Key:"))
			.withMessageStartingWith("idempotencyHeader");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().idempotencyHeader(null))
			.withMessageStartingWith("idempotencyHeader");
	}

	@Test
	void budgetValuesOutOfRangeAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().budgetRatio(-0.1))
			.withMessage("budgetRatio must be between 0.0 and 1.0, but was -0.1");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().budgetRatio(1.01))
			.withMessage("budgetRatio must be between 0.0 and 1.0, but was 1.01");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().budgetMinPerSecond(-1))
			.withMessage("budgetMinPerSecond must be between 0 and 1000000, but was -1");
	}

	@Test
	void zeroBackoffIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().initialBackoff(Duration.ZERO))
			.withMessage("initialBackoff must be positive and at most PT1H, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> RetrySettings.builder().maxBackoff(Duration.ZERO))
			.withMessageStartingWith("maxBackoff");
	}

	@Test
	void smallestBackoffIsOneNanosecond() {
		RetrySettings settings = RetrySettings.builder()
			.initialBackoff(Duration.ofNanos(1))
			.maxBackoff(Duration.ofNanos(1))
			.build();
		assertThat(settings.maxBackoff()).isEqualTo(Duration.ofNanos(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Idempotency-Key", "X-Request-Id", "a", "!#$%&'*+-.^_`|~09AZaz" })
	void headerNameIsAnHttpToken(String name) {
		assertThat(RetrySettings.isHeaderName(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "Idempotency Key", "Key:", "Idem(Key)", "Kéy", "Key\t" })
	void headerNameIsNotAnHttpToken(String name) {
		assertThat(RetrySettings.isHeaderName(name)).isFalse();
	}

}
