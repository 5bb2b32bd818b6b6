package dev.resetguard.web.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpringRetrySleeperTests {

	private final List<Long> waitedMillis = new CopyOnWriteArrayList<>();

	private final SpringRetrySleeper sleeper = new SpringRetrySleeper(this.waitedMillis::add);

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void backoffIsWaitedOutBySpringRetryInWholeMillisecondsRoundedUp() throws InterruptedException {
		this.sleeper.sleep(TimeUnit.MILLISECONDS.toNanos(100));
		this.sleeper.sleep(TimeUnit.MICROSECONDS.toNanos(1500));
		this.sleeper.sleep(1);
		assertThat(this.waitedMillis).containsExactly(100L, 2L, 1L);
	}

	@Test
	void noBackoffIsNoWait() throws InterruptedException {
		this.sleeper.sleep(0);
		assertThat(this.waitedMillis).isEmpty();
	}

	@Test
	void interruptedCallerIsToldSoEvenWithoutBackoff() {
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> this.sleeper.sleep(0));
		assertThat(this.waitedMillis).isEmpty();
	}

}
