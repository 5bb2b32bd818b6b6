package dev.resetguard.observe;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.retry.RetryDecision;
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
		assertThat(this.recent.resets()).extracting(RecentReset::event).containsExactly(events[4], events[3], events[2]);
	}

	@Test
	void tenThousandResetsKeepCapacityEntries() {
		RecentResets ring = new RecentResets(RecentResets.DEFAULT_CAPACITY);
		for (int i = 0; i < 10_000; i++) {
			ring.onReset(ResetEvents.reset("peer-" + i + ":80", ResetCause.UNKNOWN));
		}
		assertThat(ring.resets()).hasSize(256).first().satisfies((newest) -> assertThat(newest.event().peer()).isEqualTo("peer-9999:80"));
	}

	@Test
	void decisionIsAttachedToItsReset() {
		ResetEvent first = ResetEvents.reset("api:443", ResetCause.UNKNOWN);
		ResetEvent second = ResetEvents.reset("api:443", ResetCause.UNKNOWN);
		this.recent.onReset(first);
		this.recent.onReset(second);
		this.recent.onDecision(first, RetryDecision.RETRY, 100);
		this.recent.onDecision(second, RetryDecision.EXHAUSTED, 0);
		assertThat(this.recent.resets()).extracting(RecentReset::decision)
			.containsExactly(RetryDecision.EXHAUSTED, RetryDecision.RETRY);
	}

	@Test
	void resetWithoutDecisionHasNone() {
		this.recent.onReset(ResetEvents.reset("api:443", ResetCause.UNKNOWN));
		assertThat(this.recent.resets()).singleElement().satisfies((reset) -> assertThat(reset.decision()).isNull());
	}

	@Test
	void decisionAboutAResetNoLongerKeptIsIgnored() {
		ResetEvent gone = ResetEvents.reset("api:443", ResetCause.UNKNOWN);
		this.recent.onReset(gone);
		for (int i = 0; i < 3; i++) {
			this.recent.onReset(ResetEvents.reset("api:443", ResetCause.UNKNOWN));
		}
		this.recent.onDecision(gone, RetryDecision.RETRY, 100);
		assertThat(this.recent.resets()).extracting(RecentReset::decision).containsOnlyNulls();
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

}
