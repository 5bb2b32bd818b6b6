package dev.resetguard.netty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingWritesTests {

	private final PendingWrites writes = new PendingWrites();

	@Test
	void completesWritesInTheOrderTheyWereHandedDown() {
		this.writes.add(100);
		this.writes.add(10);
		assertThat(this.writes.total()).isEqualTo(110);
		assertThat(this.writes.completeOldest()).isEqualTo(100);
		assertThat(this.writes.total()).isEqualTo(10);
		assertThat(this.writes.completeOldest()).isEqualTo(10);
		assertThat(this.writes.total()).isZero();
	}

	@Test
	void keepsTheOrderAcrossWrapAndGrowth() {
		// Wrap the ring first, so that growing must unwrap it.
		for (int i = 1; i <= 3; i++) {
			this.writes.add(i);
		}
		assertThat(this.writes.completeOldest()).isEqualTo(1);
		assertThat(this.writes.completeOldest()).isEqualTo(2);
		long expectedTotal = 3;
		for (int i = 4; i <= 20; i++) {
			this.writes.add(i);
			expectedTotal += i;
		}
		assertThat(this.writes.total()).isEqualTo(expectedTotal);
		for (int i = 3; i <= 20; i++) {
			assertThat(this.writes.completeOldest()).isEqualTo(i);
		}
		assertThat(this.writes.total()).isZero();
	}

	@Test
	void aCompletionWithNothingPendingCountsNothing() {
		assertThat(this.writes.completeOldest()).isZero();
		this.writes.add(5);
		assertThat(this.writes.completeOldest()).isEqualTo(5);
		assertThat(this.writes.completeOldest()).isZero();
		assertThat(this.writes.total()).isZero();
	}

}
