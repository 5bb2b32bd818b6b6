package dev.resetguard;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.forensics.Attempt;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CauseInference;
import dev.resetguard.forensics.CauseSettings;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.forensics.ResetRecorder;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.retry.RequestTraits;
import dev.resetguard.retry.RetryBudgets;
import dev.resetguard.retry.RetrySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BlockingRetryLoopTests {

	private final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();

	private final List<Long> sleeps = new CopyOnWriteArrayList<>();

	private final CallRetries retries = new CallRetries((peer) -> RetrySettings.ofDefaults(),
			new RetryBudgets(RetrySettings.ofDefaults()), new ResetGuardMetrics(new SimpleMeterRegistry()),
			(client, peer, outcome) -> this.outcomes.add(outcome));

	private final BlockingRetryLoop loop = new BlockingRetryLoop(
			new ResetRecorder(new ResetClassifier(), new CauseInference(CauseSettings.ofDefaults()),
					ResetEventListener.NONE),
			this.sleeps::add);

	private ResettingServer server;

	@AfterEach
	void closeServer() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void eachAttemptRunsInItsOwnScopeActiveOnTheCallingThread() throws IOException {
		this.server = ResettingServer.resettingFirst(1);
		List<Attempt> scopes = new CopyOnWriteArrayList<>();
		String body = this.loop.call(start(this.server.peer()), this.server, (server, call, scope) -> {
			assertThat(Attempt.current()).isSameAs(scope);
			scopes.add(scope);
			return server.get();
		});
		assertThat(body).isEqualTo("ok");
		assertThat(scopes).extracting(Attempt::number).containsExactly(1, 2);
		assertThat(scopes.get(0).reset()).isNotNull();
		assertThat(Attempt.current()).isNull();
		assertThat(this.sleeps).hasSize(1);
		assertThat(this.outcomes).containsExactly(CallOutcome.RECOVERED);
	}

	@Test
	void callWhoseResultStaysOpenEndsWhenTheResultFinishesIt() throws IOException {
		this.server = ResettingServer.resettingFirst(0);
		CallRetry call = start(this.server.peer());
		String body = this.loop.open(call, this.server, (server, retry, scope) -> server.get());
		assertThat(body).isEqualTo("ok");
		assertThat(this.outcomes).isEmpty();
		call.finish();
		assertThat(this.outcomes).containsExactly(CallOutcome.SUCCESS);
	}

	@Test
	void errorEndsTheCallAsFailedWithoutARetry() {
		AssertionError error = new AssertionError("boom");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.loop.call(start("localhost:8080"), error, (thrown, call, scope) -> {
				throw thrown;
			}))
			.isSameAs(error);
		assertThat(this.sleeps).isEmpty();
		assertThat(this.outcomes).containsExactly(CallOutcome.FAILED);
	}

	private CallRetry start(String peer) {
		return this.retries.start(ClientKind.PROGRAMMATIC, peer, RequestTraits.of(true, false, true));
	}

}
