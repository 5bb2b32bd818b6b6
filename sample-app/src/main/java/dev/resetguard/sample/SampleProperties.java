package dev.resetguard.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sample reproduces and how its traffic and summary are paced.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * How the embedded upstream misbehaves.
	 */
	private Scenario scenario = Scenario.MIXED;

	/**
	 * Number of threads that call the upstream through each client.
	 */
	private int concurrency = 2;

	/**
	 * Time between two summaries on the console.
	 */
	private Duration summaryInterval = Duration.ofSeconds(5);

	public Scenario getScenario() {
		return this.scenario;
	}

	public void setScenario(Scenario scenario) {
		this.scenario = scenario;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public Duration getSummaryInterval() {
		return this.summaryInterval;
	}

	public void setSummaryInterval(Duration summaryInterval) {
		this.summaryInterval = summaryInterval;
	}

}
