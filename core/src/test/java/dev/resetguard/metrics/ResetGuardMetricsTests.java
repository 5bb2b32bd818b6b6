package dev.resetguard.metrics;

import java.util.List;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ResetGuardMetricsTests {

	private static final String PEER = "payments.internal:443";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ResetGuardMetrics metrics = new ResetGuardMetrics(this.registry);

	@Test
	void resetIsCountedWithEveryContractTag() {
		this.metrics.onReset(event(ResetPhase.AWAITING_RESPONSE, ResetCause.STALE_CONNECTION, facts(true)));
		this.metrics.onReset(event(ResetPhase.AWAITING_RESPONSE, ResetCause.STALE_CONNECTION, facts(true)));
		Counter resets = this.registry.get("reset.guard.resets")
			.tags("client", "rest-client", "peer", PEER, "phase", "awaiting-response", "cause", "stale-connection",
					"exception", "SocketException")
			.counter();
		assertThat(resets.count()).isEqualTo(2.0);
		assertThat(this.registry.get("reset.guard.resets").counters()).hasSize(1);
	}

	@Test
	void idleTimeIsRecordedWhenAReusedConnectionIsReset() {
		this.metrics.onReset(event(ResetPhase.SENDING_REQUEST, ResetCause.STALE_CONNECTION, facts(true)));
		DistributionSummary idle = this.registry.get("reset.guard.connection.idle")
			.tags("client", "rest-client", "peer", PEER)
			.summary();
		assertThat(idle.count()).isEqualTo(1);
		assertThat(idle.totalAmount()).isEqualTo(65.5);
	}

	@Test
	void idleTimeIsNotRecordedForAFreshConnectionOrHiddenFacts() {
		this.metrics.onReset(event(ResetPhase.AWAITING_RESPONSE, ResetCause.REQUEST_REJECTED, facts(false)));
		this.metrics.onReset(event(ResetPhase.UNKNOWN, ResetCause.UNKNOWN, null));
		assertThat(this.registry.find("reset.guard.connection.idle").meters()).isEmpty();
		assertThat(this.registry.get("reset.guard.resets").counters()).hasSize(2);
	}

	@Test
	void resetWithoutExceptionNameIsTaggedUnknown() {
		this.metrics.onReset(new ResetEvent(Instant.EPOCH, ClientKind.SOCKET, PEER, ResetPhase.UNKNOWN,
				ResetCause.UNKNOWN, ResetSignal.RST, null, null, null, 1));
		assertThat(this.registry.get("reset.guard.resets").tag("exception", "unknown").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void retryIsCountedByCause() {
		this.metrics.recordRetry(ClientKind.WEB_CLIENT, PEER, ResetCause.PEER_RESTART);
		assertThat(this.registry.get("reset.guard.retries")
			.tags("client", "web-client", "peer", PEER, "cause", "peer-restart")
			.counter()
			.count()).isEqualTo(1.0);
	}

	@Test
	void callsAreCountedExactlyByOutcome() {
		for (int i = 0; i < 3; i++) {
			this.metrics.recordCall(ClientKind.PROGRAMMATIC, PEER, CallOutcome.SUCCESS);
		}
		this.metrics.recordCall(ClientKind.PROGRAMMATIC, PEER, CallOutcome.RECOVERED);
		this.metrics.recordCall(ClientKind.REST_TEMPLATE, PEER, CallOutcome.BUDGET_EXHAUSTED);
		assertThat(callCount("programmatic", "success")).isEqualTo(3.0);
		assertThat(callCount("programmatic", "recovered")).isEqualTo(1.0);
		assertThat(callCount("rest-template", "budget-exhausted")).isEqualTo(1.0);
		assertThat(this.registry.get("reset.guard.calls").counters()).hasSize(2 * CallOutcome.values().length);
		assertThat(this.registry.get("reset.guard.calls").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(5.0);
	}

	@Test
	void everyOutcomeOfAPeerIsRegisteredAtZeroWhenThePeerIsFirstSeen() {
		this.metrics.recordPeerSeen(ClientKind.WEB_CLIENT, PEER);
		assertThat(this.registry.get("reset.guard.calls").tag("client", "web-client").counters())
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrder("success", "recovered", "exhausted", "not-retryable", "budget-exhausted",
					"failed");
		assertThat(this.registry.get("reset.guard.calls").counters()).allSatisfy(
				(counter) -> assertThat(counter.count()).isZero());
		this.metrics.recordCall(ClientKind.WEB_CLIENT, PEER, CallOutcome.EXHAUSTED);
		assertThat(callCount("web-client", "exhausted")).isEqualTo(1.0);
	}

	@Test
	void everyOutcomeHasItsContractTagValue() {
		for (CallOutcome outcome : CallOutcome.values()) {
			this.metrics.recordCall(ClientKind.SOCKET, PEER, outcome);
		}
		assertThat(this.registry.get("reset.guard.calls").counters())
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrder("success", "recovered", "exhausted", "not-retryable", "budget-exhausted",
					"failed");
	}

	@Test
	void preventedIsCounted() {
		this.metrics.recordPrevented(ClientKind.REST_CLIENT, PEER);
		assertThat(this.registry.get("reset.guard.prevented")
			.tags("client", "rest-client", "peer", PEER)
			.counter()
			.count()).isEqualTo(1.0);
	}

	@Test
	void extraTagsAreAddedToEveryMeter() {
		ResetGuardMetrics tagged = new ResetGuardMetrics(this.registry, 10, Tags.of("region", "eu-west-1"));
		recordEveryMeter(tagged);
		assertThat(ownMeters().stream().map((meter) -> meter.getId().getName()).distinct())
			.hasSize(ResetGuardMeters.values().length);
		assertThat(ownMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("region")).isEqualTo("eu-west-1"));
	}

	@Test
	void idleDistributionPublishesBucketsAroundCommonIdleTimeouts() {
		recordEveryMeter(this.metrics);
		assertThat(this.registry.find("reset.guard.connection.idle.histogram").gauges())
			.extracting((gauge) -> gauge.getId().getTag("le"))
			.contains("5", "60", "300", "3600");
	}

	@Test
	void everyRegisteredMeterHasADescriptionAndABaseUnit() {
		recordEveryMeter(this.metrics);
		assertThat(ownMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnly("reset.guard.resets", "reset.guard.retries", "reset.guard.calls",
					"reset.guard.connection.idle", "reset.guard.prevented");
		assertThat(ownMeters()).allSatisfy((meter) -> {
			assertThat(meter.getId().getDescription()).isNotBlank();
			assertThat(meter.getId().getBaseUnit()).isNotBlank();
		});
	}

	@Test
	void peerTagValuesAreCapped() {
		ResetGuardMetrics capped = new ResetGuardMetrics(this.registry, 20, Tags.empty());
		for (int i = 0; i < 10_000; i++) {
			String peer = "host-" + i + ":8080";
			capped.recordCall(ClientKind.REST_CLIENT, peer, CallOutcome.SUCCESS);
			capped.recordRetry(ClientKind.REST_CLIENT, peer, ResetCause.UNKNOWN);
		}
		Set<String> peers = this.registry.getMeters()
			.stream()
			.map((meter) -> meter.getId().getTag("peer"))
			.collect(Collectors.toSet());
		assertThat(peers).hasSize(21).contains("other", "host-0:8080", "host-19:8080");
		assertThat(this.registry.get("reset.guard.calls").tags("peer", "other", "outcome", "success").counter().count())
			.isEqualTo(9_980.0);
	}

	@Test
	void neverThrowsEvenWhenTheRegistryDoes() {
		this.registry.config().meterFilter(new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				throw new IllegalStateException("broken filter");
			}

		});
		assertThatNoException().isThrownBy(() -> recordEveryMeter(this.metrics));
	}

	@Test
	void neverThrowsOnIncompleteInput() {
		assertThatNoException().isThrownBy(() -> {
			this.metrics.onReset(null);
			this.metrics.onReset(new ResetEvent(null, null, null, null, null, null, null, null, null, 0));
			this.metrics.recordCall(null, null, null);
			this.metrics.recordRetry(ClientKind.SOCKET, PEER, null);
			this.metrics.recordPrevented(null, PEER);
		});
	}

	private double callCount(String client, String outcome) {
		return this.registry.get("reset.guard.calls")
			.tags("client", client, "peer", PEER, "outcome", outcome)
			.counter()
			.count();
	}

	private static void recordEveryMeter(ResetGuardMetrics metrics) {
		metrics.onReset(event(ResetPhase.SENDING_REQUEST, ResetCause.STALE_CONNECTION, facts(true)));
		metrics.recordRetry(ClientKind.REST_CLIENT, PEER, ResetCause.STALE_CONNECTION);
		metrics.recordCall(ClientKind.REST_CLIENT, PEER, CallOutcome.RECOVERED);
		metrics.recordPrevented(ClientKind.REST_CLIENT, PEER);
	}

	private static ResetEvent event(ResetPhase phase, ResetCause cause, ConnectionFacts facts) {
		return new ResetEvent(Instant.EPOCH, ClientKind.REST_CLIENT, PEER, phase, cause, ResetSignal.RST,
				"SocketException", "Connection reset", facts, 1);
	}

	private static ConnectionFacts facts(boolean reused) {
		Duration idle = reused ? Duration.ofMillis(65_500) : Duration.ZERO;
		return new ConnectionFacts(7, "127.0.0.1:50123", "10.0.0.5:443", reused, Duration.ofMinutes(5), idle, idle, 120,
				0, false);
	}

	// The simple registry publishes distribution buckets as derived ".histogram" gauges of their own.
	private List<Meter> ownMeters() {
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> !meter.getId().getName().endsWith(".histogram"))
			.toList();
	}

}
