package dev.resetguard.web.reactive;

import java.time.Duration;

import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.metrics.ResetGuardMeters.TagKey;
import dev.resetguard.metrics.ResetGuardMeters;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The retry budget under a peer that resets every request: calls stop retrying once the peer's budget is
 * spent, so the attempts per call fall from {@code max-attempts} to little more than one, as the chaos
 * server's ledger counts them.
 */
@ExtendWith(ChaosServerExtension.class)
class WebClientRetryBudgetTests {

	private static final Logger logger = LoggerFactory.getLogger(WebClientRetryBudgetTests.class);

	private static final int CALLS = 60;

	private static final double RATIO = 0.2;

	private static final int MIN_PER_SECOND = 5;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "reset-guard.retry.max-attempts=3",
				"reset-guard.retry.initial-backoff=1ms", "reset-guard.retry.max-backoff=2ms");

	@Test
	void budgetCapsAttemptsUnderAPeerResettingEverything(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner
			.withPropertyValues("reset-guard.retry.budget.ratio=" + RATIO,
					"reset-guard.retry.budget.min-per-second=" + MIN_PER_SECOND)
			.run((context) -> {
				long started = System.nanoTime();
				makeCalls(context, server);
				double seconds = (System.nanoTime() - started) / 1e9;
				int attempts = server.ledger().requests().size();
				report("budget", attempts, context);
				// Retries never exceed ratio × calls + minPerSecond × (t + 1 s) (see RetryBudget).
				int maxRetries = (int) (RATIO * CALLS + MIN_PER_SECOND * (seconds + 1));
				assertThat(attempts - CALLS).isLessThanOrEqualTo(maxRetries);
				assertThat(calls(context, CallOutcome.BUDGET_EXHAUSTED)).isPositive();
				assertThat(calls(context, CallOutcome.BUDGET_EXHAUSTED) + calls(context, CallOutcome.EXHAUSTED))
					.isEqualTo(CALLS);
				assertThat(retries(context)).isEqualTo(attempts - CALLS);
			});
	}

	@Test
	void withoutBudgetEveryCallUsesAllItsAttempts(ChaosServer server) {
		server.always(Toxic.resetAfterRequestHead());
		this.contextRunner
			.withPropertyValues("reset-guard.retry.budget.ratio=1", "reset-guard.retry.budget.min-per-second=10000")
			.run((context) -> {
				makeCalls(context, server);
				int attempts = server.ledger().requests().size();
				report("no budget", attempts, context);
				assertThat(attempts).isEqualTo(3 * CALLS);
				assertThat(calls(context, CallOutcome.EXHAUSTED)).isEqualTo(CALLS);
			});
	}

	private static void makeCalls(AssertableApplicationContext context, ChaosServer server) {
		WebClient client = context.getBean(WebClient.Builder.class).build();
		for (int i = 0; i < CALLS; i++) {
			catchThrowable(() -> client.get().uri(server.url("/reset")).retrieve().toBodilessEntity()
				.block(Duration.ofSeconds(10)));
		}
	}

	private static void report(String name, int attempts, AssertableApplicationContext context) {
		logger.info("Retry budget scenario, {}: {} calls to a peer resetting everything made {} attempts, "
				+ "{} per call; outcomes: {} exhausted, {} budget-exhausted", name, CALLS, attempts,
				String.format("%.2f", (double) attempts / CALLS), (long) calls(context, CallOutcome.EXHAUSTED),
				(long) calls(context, CallOutcome.BUDGET_EXHAUSTED));
	}

	private static double calls(AssertableApplicationContext context, CallOutcome outcome) {
		return Search.in(context.getBean(MeterRegistry.class))
			.name(ResetGuardMeters.CALLS.getName())
			.tag(TagKey.OUTCOME.asString(), outcome.tagValue())
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static int retries(AssertableApplicationContext context) {
		return (int) Search.in(context.getBean(MeterRegistry.class))
			.name(ResetGuardMeters.RETRIES.getName())
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
