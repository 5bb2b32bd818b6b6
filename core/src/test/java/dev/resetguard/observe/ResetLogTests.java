package dev.resetguard.observe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.RetryDecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ResetLogTests {

	private static final String PEER = "api.internal:443";

	private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

	private final ResetLog log = new ResetLog(100, Duration.ofSeconds(10), 3, this.nanos::get);

	private final CapturedLog captured = CapturedLog.of(ResetLog.class);

	@AfterEach
	void stopCapturing() {
		this.captured.close();
	}

	@Test
	void lineCarriesEveryFieldAndTheDecisionAtOnce() {
		ResetEvent reset = ResetEvents.staleReset(ClientKind.REST_CLIENT, PEER, 1);
		this.log.onReset(reset.withDecision(RetryDecision.RETRY, TimeUnit.MILLISECONDS.toNanos(87)));
		assertThat(this.captured.warnings()).containsExactly("Connection to api.internal:443 reset (client rest-client, "
				+ "phase awaiting-response, cause stale-connection, local port 53122, attempt 1): retrying in 87 ms. "
				+ "SocketException: Connection reset");
	}

	@Test
	void controlCharactersOfPeerAndMessageAreEscaped() {
		// No real peer can put a line break into a JDK exception message or a host name: the event stands in.
		ResetEvent reset = new ResetEvent(ResetEvents.TIME, ClientKind.SOCKET, "evil\nhost:80", ResetPhase.UNKNOWN,
				ResetCause.UNKNOWN, ResetSignal.RST, "SocketException", "Connection reset\r\nINFO forged line", null, 1);
		this.log.onReset(reset);
		assertThat(this.captured.warnings()).singleElement()
			.asString()
			.doesNotContain("\n", "\r")
			.startsWith("Connection to evil\\nhost:80 reset")
			.endsWith("SocketException: Connection reset\\r\\nINFO forged line");
	}

	@Test
	void everyDecisionHasItsWords() {
		decide(RetryDecision.EXHAUSTED);
		decide(RetryDecision.NOT_RETRYABLE);
		decide(RetryDecision.BUDGET_EXHAUSTED);
		assertThat(this.captured.warnings()).satisfiesExactly((line) -> assertThat(line).contains("): giving up."),
				(line) -> assertThat(line).contains("): not retryable."),
				(line) -> assertThat(line).contains("): retry budget exhausted."));
	}

	@Test
	void resetThatNoRetryLoopDecidesAboutSaysSo() {
		this.log.onReset(ResetEvents.staleReset(ClientKind.SOCKET, PEER, 1));
		assertThat(this.captured.warnings()).singleElement()
			.asString()
			.contains("(client socket,")
			.contains("): not retried by Reset Guard.");
	}

	@Test
	void socketResetWithADecisionCarriesIt() {
		this.log.onReset(ResetEvents.staleReset(ClientKind.SOCKET, PEER, 1).withDecision(RetryDecision.RETRY,
				TimeUnit.MILLISECONDS.toNanos(200)));
		assertThat(this.captured.warnings()).singleElement().asString().contains("): retrying in 200 ms.");
	}

	@Test
	void unknownLocalPortIsSaid() {
		this.log.onReset(ResetEvents.reset(ClientKind.SOCKET, PEER, ResetCause.UNKNOWN, ResetEvents.TIME));
		assertThat(this.captured.warnings()).singleElement().asString().contains("local port unknown");
	}

	@Test
	void linesBeyondTheRateAreSuppressedAndTheNextLineSaysHowMany() {
		for (int i = 0; i < 15; i++) {
			decide(RetryDecision.RETRY);
		}
		assertThat(this.captured.warnings()).hasSize(3);
		this.nanos.addAndGet(Duration.ofSeconds(10).toNanos());
		decide(RetryDecision.EXHAUSTED);
		assertThat(this.captured.warnings()).hasSize(4)
			.last()
			.asString()
			.endsWith("giving up. SocketException: Connection reset "
					+ "(12 more resets from this peer suppressed in the last 10s)");
		decide(RetryDecision.EXHAUSTED);
		assertThat(this.captured.warnings()).last().asString().endsWith("SocketException: Connection reset");
	}

	@Test
	void rateIsLimitedPerPeer() {
		for (int i = 0; i < 5; i++) {
			decide(ResetEvents.staleReset(ClientKind.REST_CLIENT, "a:443", 1), RetryDecision.RETRY);
			decide(ResetEvents.staleReset(ClientKind.REST_CLIENT, "b:443", 1), RetryDecision.RETRY);
		}
		assertThat(this.captured.warnings()).hasSize(6);
	}

	@Test
	void tenThousandPeersKeepAtMostMaxPeersStatesPlusOther() {
		for (int peer = 0; peer < 10_000; peer++) {
			decide(ResetEvents.staleReset(ClientKind.REST_CLIENT, "peer-" + peer + ":443", 1), RetryDecision.RETRY);
		}
		assertThat(this.log.peerStates()).isEqualTo(101);
		// 100 peers with a line each, then 3 lines for all the others together.
		assertThat(this.captured.warnings()).hasSize(103);
	}

	@Test
	void otherPeersSaySoWhenSuppressed() {
		ResetLog tiny = new ResetLog(0, Duration.ofSeconds(10), 1, this.nanos::get);
		tiny.onReset(ResetEvents.staleReset(ClientKind.SOCKET, "a:1", 1));
		tiny.onReset(ResetEvents.staleReset(ClientKind.SOCKET, "b:1", 1));
		this.nanos.addAndGet(Duration.ofSeconds(10).toNanos());
		tiny.onReset(ResetEvents.staleReset(ClientKind.SOCKET, "c:1", 1));
		assertThat(this.captured.warnings()).last()
			.asString()
			.endsWith("(1 more resets from other peers suppressed in the last 10s)");
	}

	@Test
	void neverThrows() {
		assertThatNoException().isThrownBy(() -> {
			this.log.onReset(null);
		});
	}

	private void decide(RetryDecision decision) {
		decide(ResetEvents.staleReset(ClientKind.REST_CLIENT, PEER, 1), decision);
	}

	private void decide(ResetEvent reset, RetryDecision decision) {
		this.log.onReset(reset.withDecision(decision, (decision == RetryDecision.RETRY) ? 1_000_000 : 0));
	}

}
