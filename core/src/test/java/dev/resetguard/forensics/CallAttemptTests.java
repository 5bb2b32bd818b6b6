package dev.resetguard.forensics;

import java.time.Instant;

import dev.resetguard.classify.ResetSignal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CallAttemptTests {

	private final CallAttempt attempt = new CallAttempt("peer:80", 2);

	private final ConnectionTrace first = new ConnectionTrace("peer:80", ConnectionListener.NONE);

	private final ConnectionTrace second = new ConnectionTrace("peer:80", ConnectionListener.NONE);

	@Test
	void carriesPeerAndNumber() {
		assertThat(this.attempt.peer()).isEqualTo("peer:80");
		assertThat(this.attempt.number()).isEqualTo(2);
		assertThat(this.attempt.connection()).isNull();
		assertThat(this.attempt.reset()).isNull();
	}

	@Test
	void numberStartsAtOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CallAttempt("peer:80", 0))
			.withMessage("number must be at least 1, but was 0");
	}

	@Test
	void resetOfTheConnectionServingTheAttemptIsAttached() {
		this.attempt.bind(this.first);
		ResetEvent event = event();
		assertThat(this.attempt.resetRecorded(this.first, event)).isTrue();
		assertThat(this.attempt.reset()).isSameAs(event);
	}

	@Test
	void resetOfAConnectionTheAttemptMovedAwayFromIsNotAttached() {
		this.attempt.bind(this.first);
		this.attempt.bind(this.second);
		assertThat(this.attempt.resetRecorded(this.first, event())).isFalse();
		assertThat(this.attempt.connection()).isSameAs(this.second);
		assertThat(this.attempt.reset()).isNull();
	}

	private static ResetEvent event() {
		return new ResetEvent(Instant.EPOCH, ClientKind.WEB_CLIENT, "peer:80", ResetPhase.AWAITING_RESPONSE,
				ResetCause.REQUEST_REJECTED, ResetSignal.RST, "SocketException", "Connection reset", null, 2);
	}

}
