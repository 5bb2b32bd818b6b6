package dev.resetguard.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerRetrySettingsTests {

	private static final String PAYMENTS = "payments.internal:443";

	private final RetrySettings defaults = RetrySettings.builder()
		.initialBackoff(Duration.ofMillis(250))
		.nonIdempotent(NonIdempotentRetry.NEVER)
		.build();

	@Test
	void peerWithOverridesGetsThem() {
		PeerRetrySettings settings = PeerRetrySettings.builder(this.defaults)
			.peer(PAYMENTS, (peer) -> peer.maxAttempts(5))
			.build();
		assertThat(settings.apply(PAYMENTS).maxAttempts()).isEqualTo(5);
	}

	@Test
	void peerInheritsWhatItDoesNotOverride() {
		PeerRetrySettings settings = PeerRetrySettings.builder(this.defaults)
			.peer(PAYMENTS, (peer) -> peer.maxAttempts(5).budgetRatio(0.5))
			.build();
		assertThat(settings.apply(PAYMENTS))
			.isEqualTo(this.defaults.toBuilder().maxAttempts(5).budgetRatio(0.5).build());
	}

	@Test
	void peerWithoutOverridesGetsTheDefaults() {
		PeerRetrySettings settings = PeerRetrySettings.builder(this.defaults)
			.peer(PAYMENTS, (peer) -> peer.maxAttempts(5))
			.build();
		assertThat(settings.apply("orders.internal:443")).isSameAs(this.defaults);
		assertThat(settings.defaults()).isSameAs(this.defaults);
	}

	@Test
	void peerIsMatchedIgnoringTheCaseOfItsHost() {
		PeerRetrySettings settings = PeerRetrySettings.builder(this.defaults)
			.peer("Payments.Internal:443", (peer) -> peer.maxAttempts(5))
			.build();
		assertThat(settings.apply(PAYMENTS).maxAttempts()).isEqualTo(5);
		assertThat(settings.apply("PAYMENTS.internal:443").maxAttempts()).isEqualTo(5);
	}

	@Test
	void everyPeerGetsTheSameSettingsWithoutOverrides() {
		PeerRetrySettings settings = PeerRetrySettings.of(this.defaults);
		assertThat(settings.apply(PAYMENTS)).isSameAs(this.defaults);
	}

	@Test
	void overrideOutOfRangeIsRejected() {
		PeerRetrySettings.Builder builder = PeerRetrySettings.builder(this.defaults);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.peer(PAYMENTS, (peer) -> peer.maxAttempts(0)))
			.withMessageStartingWith("maxAttempts");
	}

	@Test
	void overriddenInitialBackoffAboveTheInheritedMaxBackoffIsRejected() {
		PeerRetrySettings.Builder builder = PeerRetrySettings.builder(this.defaults);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.peer(PAYMENTS, (peer) -> peer.initialBackoff(Duration.ofSeconds(5))))
			.withMessage("initialBackoff must be at most maxBackoff (PT2S), but was PT5S");
	}

}
