package dev.resetguard.web.client;

import dev.resetguard.retry.RetryBudget;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static dev.resetguard.web.client.DecoratedClients.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A peer that resets every request: the per-peer retry budget caps the attempts each call makes, so
 * a failing peer gets little more than the calls themselves instead of {@code max-attempts} times
 * as many. Only answered calls earn retries. The ledger counts every attempt on the wire.
 */
@ExtendWith(ChaosServerExtension.class)
class RetryBudgetTests {

	private static final int CALLS = 50;

	@Test
	void aPeerThatFailsWhatIsSentAfterItsFirstResetIsNotRetriedOnTheSavingsOfAnsweredCalls(ChaosServer server) {
		DecoratedClients.runner()
			.withPropertyValues("reset-guard.retry.budget.ratio=0.2", "reset-guard.retry.budget.min-per-second=0")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.Builder.class).build();
				for (int i = 0; i < CALLS; i++) {
					client.get().uri(server.url("/item")).retrieve().body(String.class);
				}
				callResettingPeer(context, server);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				long retries = total(registry, "reset.guard.retries");
				// The 50 answered calls saved 10 retries. The first reset starts the streak (the one before
				// it, on the pooled connection, may count as stale); the next resets of requests sent after
				// it are retried until FAILING_AFTER of them were reset, then the savings are kept.
				assertThat(retries).isBetween(1L, (long) RetryBudget.FAILING_PEER_RESETS + 1);
				assertThat(server.ledger().requests()).hasSize((int) (CALLS + CALLS + retries));
				assertThat(total(registry, "reset.guard.calls", "outcome", "budget-exhausted"))
					.isGreaterThanOrEqualTo(CALLS - 2);
			});
	}

	@Test
	void aPeerThatFailsEveryCallEarnsNoRetries(ChaosServer server) {
		DecoratedClients.runner()
			.withPropertyValues("reset-guard.retry.budget.ratio=0.2", "reset-guard.retry.budget.min-per-second=0")
			.run((context) -> {
				callResettingPeer(context, server);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(total(registry, "reset.guard.retries")).isZero();
				assertThat(server.ledger().requests()).hasSize(CALLS);
				assertThat(total(registry, "reset.guard.calls", "outcome", "budget-exhausted")).isEqualTo(CALLS);
			});
	}

	@Test
	void defaultBudgetAddsAtMostAFifthOfTheCallsPlusTenRetriesASecond(ChaosServer server) {
		DecoratedClients.runner().run((context) -> {
			long started = System.nanoTime();
			callResettingPeer(context, server);
			double seconds = (System.nanoTime() - started) / 1e9;
			long retries = total(context.getBean(MeterRegistry.class), "reset.guard.retries");
			assertThat(retries).isLessThanOrEqualTo((long) (CALLS * 0.2 + 10 * (seconds + 1)));
			assertThat(server.ledger().requests()).hasSize((int) (CALLS + retries));
		});
	}

	@Test
	void withABudgetTooLargeToBindEveryCallMakesEveryAttempt(ChaosServer server) {
		DecoratedClients.runner()
			.withPropertyValues("reset-guard.retry.budget.ratio=1", "reset-guard.retry.budget.min-per-second=1000")
			.run((context) -> {
				callResettingPeer(context, server);
				assertThat(server.ledger().requests()).hasSize(3 * CALLS);
				assertThat(total(context.getBean(MeterRegistry.class), "reset.guard.calls", "outcome", "exhausted"))
					.isEqualTo(CALLS);
			});
	}

	private static void callResettingPeer(AssertableApplicationContext context, ChaosServer server) {
		RestClient client = context.getBean(RestClient.Builder.class).build();
		server.always(Toxic.resetAfterRequestHead());
		for (int i = 0; i < CALLS; i++) {
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(server.url("/item")).retrieve().body(String.class));
		}
	}

}
