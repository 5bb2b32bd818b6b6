package dev.resetguard.autoconfigure;

import java.time.Duration;

import dev.resetguard.retry.NonIdempotentRetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link ResetGuardPropertiesValidator} writes values and allowed sets in its
 * messages: as they are written in configuration.
 */
class ResetGuardPropertiesValidatorTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "PT0.1S, 100ms", "PT1.5S, 1500ms", "PT2S, 2s", "PT90S, 90s", "PT2M, 2m", "PT1H, 1h", "P1D, 1d",
			"PT0.0000005S, PT0.0000005S", "PT0S, PT0S", "PT-1S, PT-1S" })
	void durationShouldBeFormattedInItsShortestSimpleForm(String duration, String formatted) {
		assertThat(ResetGuardPropertiesValidator.format(Duration.parse(duration))).isEqualTo(formatted);
	}

	@Test
	void enumConstantShouldBeFormattedInDashedLowerCase() {
		assertThat(ResetGuardPropertiesValidator.format(NonIdempotentRetry.SAFE_ONLY)).isEqualTo("safe-only");
	}

	@Test
	void nullShouldBeFormattedAsEmpty() {
		assertThat(ResetGuardPropertiesValidator.format(null)).isEmpty();
	}

	@Test
	void allowedValuesOfAnEnumShouldBeListedInDeclarationOrder() {
		assertThat(ResetGuardPropertiesValidator.allowedValues(NonIdempotentRetry.class))
			.isEqualTo("one of never, safe-only, always");
	}

}
