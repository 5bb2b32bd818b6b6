package dev.resetguard.benchmarks.resilience;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the resilience harness with a handful of calls: it proves the harness works end to end,
 * not how well anyone does; the figures come from the full run.
 */
class ResilienceReportTests {

	@Test
	void smallRunReportsEveryContenderAgainstTheSameServerBehaviour() throws Exception {
		ResilienceReport.Settings settings = ResilienceReport.Settings.parse("--calls=60", "--scenarios=get-resets",
				"--contenders=plain,spring-retry");
		List<ScenarioResult> results = ResilienceReport.run(settings);
		assertThat(results).extracting(ScenarioResult::contender).containsExactly(Contender.PLAIN, Contender.SPRING_RETRY);
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.calls()).isEqualTo(60);
			assertThat(result.clientAttempts()).isGreaterThanOrEqualTo(60);
		});
		ScenarioResult plain = results.get(0);
		ScenarioResult retried = results.get(1);
		assertThat(plain.serverRequests()).isEqualTo(60);
		assertThat(plain.calls() - plain.succeeded()).isEqualTo(plain.resetsSeen());
		assertThat(retried.serverRequests()).isEqualTo(retried.clientAttempts())
			.isGreaterThanOrEqualTo(60 + retried.duplicatedIds());
		String markdown = ResilienceMarkdown.render(results, settings, "--calls=60", "- Machine: test\n", 1, "0", "0");
		assertThat(markdown).contains("## get-resets", "| plain | 60 |", "| spring-retry | 60 |");
	}

	@Test
	void settingsReadTheDocumentedOptions() {
		ResilienceReport.Settings settings = ResilienceReport.Settings.parse("out.md", "--calls=5", "--idle-calls=7",
				"--seed=3", "--scenarios=outage,restart", "--contenders=reset-guard", "--note=busy");
		assertThat(settings.output()).hasToString("out.md");
		assertThat(settings.calls()).isEqualTo(5);
		assertThat(settings.idleCalls()).isEqualTo(7);
		assertThat(settings.seed()).isEqualTo(3);
		assertThat(settings.scenarios()).containsExactly(Scenario.OUTAGE, Scenario.RESTART);
		assertThat(settings.contenders()).containsExactly(Contender.RESET_GUARD);
		assertThat(settings.note()).isEqualTo("busy");
	}

}
