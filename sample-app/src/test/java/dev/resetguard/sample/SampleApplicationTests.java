package dev.resetguard.sample;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ResetCause;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample for each scenario until the resets it reproduces show in the metrics, bounded in
 * time, and checks that every call the scenario allows to recover did: through real clients, real
 * loopback resets. The only failures allowed are calls Reset Guard deliberately did not retry (a reset
 * in a response body already being read) and, around a restart, connects refused before any reset.
 */
class SampleApplicationTests {

	private static final Duration LIMIT = Duration.ofSeconds(12);

	private static final Duration SETTLE = Duration.ofSeconds(1);

	@ParameterizedTest
	@EnumSource
	void scenarioShowsItsCausesAndEveryCallRecovers(Scenario scenario) throws InterruptedException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--sample.scenario=" + scenario.value(), "--server.port=0", "--sample.summary-interval=1s")) {
			ResetSummary summary = context.getBean(ResetSummary.class);
			SampleTraffic traffic = context.getBean(SampleTraffic.class);
			Set<String> expected = scenario.causes().stream().map(ResetCause::tagValue).collect(Collectors.toSet());
			long deadline = System.nanoTime() + LIMIT.toNanos();
			while (!(seen(summary.resetsByCause(), expected) && summary.calls(CallOutcome.RECOVERED) > 0)
					&& System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			// Let the calls reset last recover, then stop calling and count.
			Thread.sleep(SETTLE.toMillis());
			traffic.stop();
			assertThat(summary.resetsByCause()).as(summary.summary()).containsKeys(expected.toArray(String[]::new));
			assertThat(summary.calls(CallOutcome.RECOVERED)).as(summary.summary()).isPositive();
			assertThat(summary.calls(CallOutcome.EXHAUSTED)).as(summary.summary()).isZero();
			assertThat(summary.calls(CallOutcome.BUDGET_EXHAUSTED)).as(summary.summary()).isZero();
			long notRetryable = summary.calls(CallOutcome.NOT_RETRYABLE);
			if (!scenario.abortsResponses()) {
				assertThat(notRetryable).as(summary.summary()).isZero();
			}
			// A connect refused while the upstream is down, before any reset showed it restarting, is no reset.
			long refused = scenario.restarts() ? traffic.refusedConnects() : 0;
			assertThat(traffic.failures()).as(summary.summary()).isEqualTo(notRetryable + refused);
		}
	}

	private static boolean seen(Map<String, Long> resetsByCause, Set<String> expected) {
		return resetsByCause.keySet().containsAll(expected);
	}

}
