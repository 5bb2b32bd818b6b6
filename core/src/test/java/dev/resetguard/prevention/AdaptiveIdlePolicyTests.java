package dev.resetguard.prevention;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ConnectionTrace;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Learning rules on constructed events; the client integrations show the same learning from real
 * stale connections reset by the chaos server.
 */
class AdaptiveIdlePolicyTests {

	private final AdaptiveIdlePolicy policy = new AdaptiveIdlePolicy(0.2, Duration.ofSeconds(1), 3);

	@Test
	void nothingIsRetiredBeforeAnythingIsLearned() {
		assertThat(this.policy.shouldRetire("lb:443", Duration.ofHours(1).toNanos())).isFalse();
		assertThat(this.policy.learnedIdleTimeout("lb:443")).isEmpty();
	}

	@Test
	void learnsTheShortestIdleThatMetAStaleReset() {
		this.policy.onReset(stale("lb:443", Duration.ofSeconds(75)));
		this.policy.onReset(stale("lb:443", Duration.ofSeconds(61)));
		this.policy.onReset(stale("lb:443", Duration.ofSeconds(300)));
		assertThat(this.policy.learnedIdleTimeout("lb:443")).contains(Duration.ofSeconds(61));
		assertThat(this.policy.retireAfterNanos("lb:443")).isEqualTo(Duration.ofMillis(48_800).toNanos());
		assertThat(this.policy.shouldRetire("lb:443", Duration.ofSeconds(49).toNanos())).isTrue();
		assertThat(this.policy.shouldRetire("lb:443", Duration.ofSeconds(48).toNanos())).isFalse();
	}

	@Test
	void neverRetiresBelowTheFloor() {
		this.policy.learn("lb:443", Duration.ofMillis(10));
		assertThat(this.policy.retireAfterNanos("lb:443")).isEqualTo(Duration.ofSeconds(1).toNanos());
	}

	@Test
	void learnsOnlyFromStaleResetsOfReusedConnections() {
		this.policy.onReset(event("lb:443", ResetCause.REQUEST_REJECTED, true, Duration.ofSeconds(5)));
		this.policy.onReset(event("lb:443", ResetCause.STALE_CONNECTION, false, Duration.ofSeconds(5)));
		this.policy.onReset(new ResetEvent(Instant.now(), ClientKind.PROGRAMMATIC, "lb:443", ResetPhase.UNKNOWN,
				ResetCause.STALE_CONNECTION, ResetSignal.RST, "SocketException", "Connection reset", null, 1));
		assertThat(this.policy.learnedIdleTimeouts()).isEmpty();
	}

	@Test
	void aResetShorterThanAnAnsweredIdleSpellTeachesNothing() {
		AtomicLong clock = new AtomicLong();
		AdaptiveIdlePolicy watching = new AdaptiveIdlePolicy(0.2, Duration.ofMillis(1), 3, clock::get);
		watching.answered("lb:443", Duration.ofSeconds(40).toNanos());
		watching.onReset(stale("lb:443", Duration.ofSeconds(12)));
		assertThat(watching.learnedIdleTimeout("lb:443")).isEmpty();
		watching.onReset(stale("lb:443", Duration.ofSeconds(61)));
		assertThat(watching.learnedIdleTimeout("lb:443")).contains(Duration.ofSeconds(61));
	}

	@Test
	void answeredIdleSpellsFadeAfterTwoEvidenceWindows() {
		AtomicLong clock = new AtomicLong();
		AdaptiveIdlePolicy watching = new AdaptiveIdlePolicy(0.2, Duration.ofMillis(1), 3, clock::get);
		watching.answered("lb:443", Duration.ofSeconds(40).toNanos());
		clock.addAndGet(AdaptiveIdlePolicy.EVIDENCE_WINDOW.toNanos());
		watching.onReset(stale("lb:443", Duration.ofSeconds(12)));
		assertThat(watching.learnedIdleTimeout("lb:443")).isEmpty();
		clock.addAndGet(AdaptiveIdlePolicy.EVIDENCE_WINDOW.toNanos());
		watching.onReset(stale("lb:443", Duration.ofSeconds(12)));
		assertThat(watching.learnedIdleTimeout("lb:443")).contains(Duration.ofSeconds(12));
	}

	@Test
	void seesAnswersOnReusedConnectionsAsAConnectionListener() {
		ConnectionTrace trace = new ConnectionTrace("lb:443", this.policy);
		trace.connectStarted();
		trace.connected("127.0.0.1:5000", "127.0.0.1:443");
		for (int exchange = 0; exchange < 2; exchange++) {
			trace.beforeWrite();
			trace.wrote(100);
			trace.read(100);
		}
		assertThat(this.policy.longestAnsweredIdleNanos("lb:443")).isPositive();
		assertThat(this.policy.longestAnsweredIdleNanos("other:443")).isZero();
	}

	@Test
	void learnsABoundedNumberOfPeers() {
		for (int i = 0; i < 10_000; i++) {
			this.policy.learn("host-" + i + ":80", Duration.ofSeconds(30));
		}
		assertThat(this.policy.learnedIdleTimeouts()).hasSize(3);
	}

	@Test
	void rejectsInvalidSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdaptiveIdlePolicy(1.0, Duration.ofSeconds(1), 1))
			.withMessage("margin must be at least 0 and below 1, but was 1.0");
		assertThatIllegalArgumentException().isThrownBy(() -> new AdaptiveIdlePolicy(0.2, Duration.ZERO, 1))
			.withMessage("floor must be positive, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> new AdaptiveIdlePolicy(0.2, Duration.ofSeconds(1), 0))
			.withMessage("maxPeers must be at least 1, but was 0");
	}

	private static ResetEvent stale(String peer, Duration idle) {
		return event(peer, ResetCause.STALE_CONNECTION, true, idle);
	}

	private static ResetEvent event(String peer, ResetCause cause, boolean reused, Duration idle) {
		ConnectionFacts facts = new ConnectionFacts(1, "127.0.0.1:5000", "127.0.0.1:443", reused, idle.plusSeconds(1),
				idle, Duration.ZERO, 0, 0, false);
		return new ResetEvent(Instant.now(), ClientKind.REST_CLIENT, peer, ResetPhase.SENDING_REQUEST, cause,
				ResetSignal.RST, "SocketException", "Connection reset by peer", facts, 1);
	}

}
