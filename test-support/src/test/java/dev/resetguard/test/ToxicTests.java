package dev.resetguard.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a {@link Toxic} reads and writes its spec.
 */
class ToxicTests {

	@Test
	void specRoundTripsForEveryKind() {
		for (Toxic toxic : new Toxic[] { Toxic.resetOnAccept(), Toxic.resetAfterRequestHead(),
				Toxic.resetAfterResponseBytes(100), Toxic.resetDuringUpload(65536),
				Toxic.silenceThenReset(Duration.ofSeconds(2)), Toxic.silenceThenReset(Duration.ofMillis(500)) }) {
			assertThat(Toxic.parse(toxic.toString())).isEqualTo(toxic);
		}
	}

	@Test
	void specsReadAsDocumented() {
		assertThat(Toxic.parse("reset-on-accept").kind()).isEqualTo(ToxicKind.RESET_ON_ACCEPT);
		assertThat(Toxic.parse("reset-after-head").kind()).isEqualTo(ToxicKind.RESET_AFTER_REQUEST_HEAD);
		assertThat(Toxic.parse("reset-after-response-bytes:100")).isEqualTo(Toxic.resetAfterResponseBytes(100));
		assertThat(Toxic.parse(" Reset-During-Upload:65536 ")).isEqualTo(Toxic.resetDuringUpload(65536));
		assertThat(Toxic.parse("silence-then-reset:2s").silence()).isEqualTo(Duration.ofSeconds(2));
		assertThat(Toxic.parse("silence-then-reset:500ms").silence()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void toStringGivesTheSpec() {
		assertThat(Toxic.resetAfterResponseBytes(100)).hasToString("reset-after-response-bytes:100");
		assertThat(Toxic.silenceThenReset(Duration.ofMillis(1500))).hasToString("silence-then-reset:1500ms");
		assertThat(Toxic.silenceThenReset(Duration.ofSeconds(30))).hasToString("silence-then-reset:30s");
	}

	@Test
	void invalidSpecsAreRejectedWithTheSpecInTheMessage() {
		for (String spec : new String[] { "", "explode", "reset-after-head:1", "reset-after-response-bytes",
				"reset-after-response-bytes:x", "reset-during-upload:-1", "silence-then-reset:2h",
				"silence-then-reset", "silence-then-reset:100000000s", "reset-after-response-bytes:99999999999" }) {
			assertThatIllegalArgumentException().as(spec).isThrownBy(() -> Toxic.parse(spec)).withMessageContaining(spec);
		}
	}

	@Test
	void negativeArgumentsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Toxic.resetAfterResponseBytes(-1))
			.withMessage("n must not be negative: -1");
		assertThatIllegalArgumentException().isThrownBy(() -> Toxic.resetDuringUpload(-1))
			.withMessage("afterBodyBytes must not be negative: -1");
		assertThatIllegalArgumentException().isThrownBy(() -> Toxic.silenceThenReset(Duration.ofMillis(-1)))
			.withMessage("silence must be between 0 and PT24H: PT-0.001S");
	}

}
