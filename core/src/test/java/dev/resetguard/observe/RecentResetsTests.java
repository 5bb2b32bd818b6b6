package dev.resetguard.observe;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.RetryDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RecentResetsTests {

	private final RecentResets recent = new RecentResets(3);

	@Test
	void keepsTheNewestResetsNewestFirst() {
		ResetEvent[] events = new ResetEvent[5];
		for (int i = 0; i < events.length; i++) {
			events[i] = ResetEvents.reset("peer-" + i + ":80", ResetCause.UNKNOWN);
			this.recent.onReset(events[i]);
		}
		assertThat(this.recent.resets()).containsExactly(events[4], events[3], events[2]);
	}

	@Test
	void tenThousandResetsKeepCapacityEntries() {
		RecentResets ring = new RecentResets(RecentResets.DEFAULT_CAPACITY);
		for (int i = 0; i < 10_000; i++) {
			ring.onReset(ResetEvents.reset("peer-" + i + ":80", ResetCause.UNKNOWN));
		}
		assertThat(ring.resets()).hasSize(256).first().satisfies((newest) -> assertThat(newest.peer()).isEqualTo("peer-9999:80"));
	}

	@Test
	void eachResetIsKeptWithTheDecisionItWasPublishedWith() {
		ResetEvent retried = ResetEvents.reset("api:443", ResetCause.UNKNOWN).withDecision(RetryDecision.RETRY, 100);
		ResetEvent undecided = ResetEvents.reset("api:443", ResetCause.UNKNOWN);
		this.recent.onReset(retried);
		this.recent.onReset(undecided);
		assertThat(this.recent.resets()).extracting(ResetEvent::decision).containsExactly(null, RetryDecision.RETRY);
	}

	@Test
	void clearForgetsEverything() {
		this.recent.onReset(ResetEvents.reset("api:443", ResetCause.UNKNOWN));
		this.recent.clear();
		assertThat(this.recent.resets()).isEmpty();
		this.recent.onReset(ResetEvents.reset("api:443", ResetCause.UNKNOWN));
		assertThat(this.recent.resets()).hasSize(1);
	}

	@Test
	void capacityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentResets(0))
			.withMessage("capacity must be at least 1, but was 0");
	}

	@Test
	void capacityIsBounded() {
		assertThat(new RecentResets(RecentResets.MAX_CAPACITY).resets()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentResets(RecentResets.MAX_CAPACITY + 1))
			.withMessage("capacity must be at most 100000, but was 100001");
	}

}
