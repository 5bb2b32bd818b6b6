package dev.resetguard.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.observe.PeerStatus;
import dev.resetguard.observe.PeerSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PeerDescriptor}: what the health details and the endpoint show of a peer.
 */
class PeerDescriptorTests {

	@Test
	void learnedIdleTimeoutIsShownToTheMillisecond() {
		PeerSummary summary = new PeerSummary("api:443", PeerStatus.UP, 10, 1, 0.1, ResetCause.STALE_CONNECTION,
				Map.of(ResetCause.STALE_CONNECTION, 1L), Instant.parse("2026-12-07T18:00:00Z"),
				Duration.ofNanos(4_214_198_134L), "advice");
		assertThat(PeerDescriptor.of(summary).learnedIdleTimeout()).hasToString("PT4.214S");
	}

	@Test
	void noLearnedIdleTimeoutStaysNone() {
		PeerSummary summary = new PeerSummary("api:443", PeerStatus.UP, 10, 0, 0, null, Map.of(), null, null, null);
		assertThat(PeerDescriptor.of(summary).learnedIdleTimeout()).isNull();
	}

}
