package dev.resetguard.socket;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SocketSettingsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void keepAliveTimesFromOneSecondTo32767SecondsAreAccepted() {
		SocketSettings settings = new SocketSettings(true, SocketSettings.MIN_KEEP_ALIVE_TIME,
				SocketSettings.MAX_KEEP_ALIVE_TIME, TIMEOUT, TIMEOUT);
		assertThat(settings.keepAliveIdle()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.keepAliveInterval()).isEqualTo(Duration.ofSeconds(32767));
	}

	@Test
	void keepAliveIdleBelowOneSecondIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SocketSettings(true, Duration.ofMillis(999), Duration.ofSeconds(10), TIMEOUT, TIMEOUT))
			.withMessage("keepAliveIdle must be between PT1S and PT9H6M7S, was PT0.999S");
	}

	@Test
	void keepAliveIntervalAboveTheLinuxCapIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SocketSettings(true, Duration.ofSeconds(60), Duration.ofSeconds(32768), TIMEOUT,
					TIMEOUT))
			.withMessageStartingWith("keepAliveInterval must be between PT1S and PT9H6M7S");
	}

	@Test
	void zeroTimeoutIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SocketSettings(true, Duration.ofSeconds(60), Duration.ofSeconds(10), TIMEOUT,
					Duration.ZERO))
			.withMessage("readTimeout must be positive, was PT0S");
	}

}
