package dev.resetguard.socket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connect retry loop. A reset inside {@code connect()} itself cannot be provoked on demand on
 * loopback (the ground truth saw it only racily, in S1 at {@code Net.pollConnect}), so these tests
 * throw the exact exception the ground truth recorded from a stand-in connect attempt.
 */
class RetryingConnectTests {

	private final List<Integer> retriesAsked = new ArrayList<>();

	@Test
	void resetDuringConnectIsRetriedOnAFreshSocket() throws IOException {
		SocketInstrumentation instrumentation = withRetry(2);
		List<Integer> attempts = new ArrayList<>();
		Socket connected = new Socket();
		Socket result = RetryingConnect.connect(instrumentation, "peer:1", (attempt) -> {
			attempts.add(attempt.number());
			if (attempt.number() < 3) {
				throw new SocketException("Connection reset by peer");
			}
			return connected;
		});
		assertThat(result).isSameAs(connected);
		assertThat(attempts).containsExactly(1, 2, 3);
		assertThat(this.retriesAsked).containsExactly(1, 2);
	}

	@Test
	void givesUpWithTheLastResetWhenRetryDeclines() {
		SocketInstrumentation instrumentation = withRetry(1);
		SocketException last = new SocketException("Connection reset by peer");
		assertThatExceptionOfType(SocketException.class)
			.isThrownBy(() -> RetryingConnect.connect(instrumentation, "peer:1", (attempt) -> {
				throw (attempt.number() == 2) ? last : new SocketException("Connection reset by peer");
			}))
			.isSameAs(last);
	}

	@Test
	void refusedConnectIsNotRetried() {
		SocketInstrumentation instrumentation = withRetry(5);
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> RetryingConnect.connect(instrumentation, "peer:1", (attempt) -> {
				throw new ConnectException("Connection refused");
			}));
		assertThat(this.retriesAsked).isEmpty();
	}

	@Test
	void interruptDuringBackoffStopsWithTheResetAndKeepsTheFlag() {
		SocketInstrumentation instrumentation = SocketInstrumentation.builder()
			.connectRetry((peer, failed) -> 10_000_000_000L)
			.build();
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(SocketException.class)
				.isThrownBy(() -> RetryingConnect.connect(instrumentation, "peer:1", (attempt) -> {
					throw new SocketException("Connection reset by peer");
				}));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private SocketInstrumentation withRetry(int retries) {
		return SocketInstrumentation.builder().connectRetry((peer, failedAttempt) -> {
			this.retriesAsked.add(failedAttempt);
			return (failedAttempt <= retries) ? 1_000_000L : -1;
		}).build();
	}

}
