package dev.resetguard.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.CallOutcomeListener;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.PeerRegistry;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetEventListener;
import dev.resetguard.metrics.ResetGuardMeters.TagKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records resets, retries, call outcomes, reset idle times and prevented resets as the
 * {@link ResetGuardMeters} in a {@link MeterRegistry}, with the {@code peer} tag capped by a
 * {@link PeerTagLimiter}. Thread-safe; never throws, because metrics must not break a call.
 */
public final class ResetGuardMetrics implements ResetEventListener, CallOutcomeListener {

	private static final Logger logger = LoggerFactory.getLogger(ResetGuardMetrics.class);

	private static final String UNKNOWN_EXCEPTION = "unknown";

	private static final CallOutcome[] OUTCOMES = CallOutcome.values();

	private static final double NANOS_PER_SECOND = 1e9;

	/**
	 * Buckets of the idle-time distribution, in seconds, around common idle timeouts: load balancers
	 * (60 s, 350 s), servers (5 s, 15 s, 30 s, 120 s) and NAT tables (300 s to 1 h).
	 */
	private static final double[] IDLE_BUCKETS_SECONDS = { 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 3600 };

	private final MeterRegistry registry;

	private final Tags tags;

	private final PeerTagLimiter peers;

	// Every call records an outcome, so its counters are kept rather than looked up through a builder
	// each time; the map stays small because peer tag values are capped.
	private final Map<ClientKind, ConcurrentMap<String, AtomicReferenceArray<Counter>>> calls = new EnumMap<>(
			ClientKind.class);

	/**
	 * Create metrics with the default peer limit and no extra tags.
	 * @param registry the registry to publish to
	 */
	public ResetGuardMetrics(MeterRegistry registry) {
		this(registry, PeerRegistry.DEFAULT_MAX_PEERS, Tags.empty());
	}

	/**
	 * Create metrics.
	 * @param registry the registry to publish to
	 * @param maxPeers the number of distinct peers tagged with their own {@code host:port}; further
	 * peers are tagged {@value PeerTagLimiter#OTHER}
	 * @param tags extra tags added to every meter
	 */
	public ResetGuardMetrics(MeterRegistry registry, int maxPeers, Iterable<Tag> tags) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.tags = Tags.of(tags);
		this.peers = new PeerTagLimiter(maxPeers);
		for (ClientKind client : ClientKind.values()) {
			this.calls.put(client, new ConcurrentHashMap<>());
		}
	}

	/**
	 * Count a reset, and record the connection's idle time when the reset connection was reused.
	 * @param event the reset
	 */
	@Override
	public void onReset(ResetEvent event) {
		try {
			Tags clientAndPeer = clientAndPeer(event.client(), event.peer());
			String exception = (event.exception() != null) ? event.exception() : UNKNOWN_EXCEPTION;
			counter(ResetGuardMeters.RESETS, clientAndPeer.and(TagKey.PHASE.asString(), event.phase().tagValue(),
					TagKey.CAUSE.asString(), event.cause().tagValue(), TagKey.EXCEPTION.asString(), exception))
				.increment();
			ConnectionFacts facts = event.facts();
			if (facts != null && facts.reused() && facts.idleBeforeUse() != null) {
				idleSummary(clientAndPeer).record(seconds(facts.idleBeforeUse()));
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record reset {}", event, ex);
		}
	}

	/**
	 * Count a retry after a reset.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param cause the likely cause of the reset that is retried
	 */
	public void recordRetry(ClientKind client, String peer, ResetCause cause) {
		try {
			counter(ResetGuardMeters.RETRIES,
					clientAndPeer(client, peer).and(TagKey.CAUSE.asString(), cause.tagValue()))
				.increment();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record retry to {}", peer, ex);
		}
	}

	/**
	 * Count the outcome of a call; the same as {@link #recordCall(ClientKind, String, CallOutcome)}.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	@Override
	public void onCall(ClientKind client, String peer, CallOutcome outcome) {
		recordCall(client, peer, outcome);
	}

	/**
	 * Count a finished call by its outcome. Cheap enough for every call.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 * @param outcome how resets affected the call
	 */
	public void recordCall(ClientKind client, String peer, CallOutcome outcome) {
		try {
			callCounters(client, peer).get(outcome.ordinal()).increment();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record call to {}", peer, ex);
		}
	}

	/**
	 * Register the call outcomes of a (client, peer) at zero, unless they are already: a series that
	 * appears at 1 has no earlier sample, so {@code increase()} and {@code rate()} would never see its
	 * first call, and an alert on the first exhausted call after start would not fire. Call it when a
	 * call starts; cheap enough for every call.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 */
	public void recordPeerSeen(ClientKind client, String peer) {
		try {
			callCounters(client, peer);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not register the calls to {}", peer, ex);
		}
	}

	private AtomicReferenceArray<Counter> callCounters(ClientKind client, String peer) {
		String peerTag = this.peers.tagFor(peer);
		// Filled for every client kind when made.
		ConcurrentMap<String, AtomicReferenceArray<Counter>> byPeer = Objects.requireNonNull(this.calls.get(client),
				"calls of every client kind");
		AtomicReferenceArray<Counter> counters = byPeer.get(peerTag);
		if (counters == null) {
			// Registration is idempotent, so threads racing here end up with the same counters.
			counters = byPeer.computeIfAbsent(peerTag, (key) -> registerCallCounters(client.tagValue(), key));
		}
		return counters;
	}

	private AtomicReferenceArray<Counter> registerCallCounters(String client, String peerTag) {
		AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(OUTCOMES.length);
		for (CallOutcome outcome : OUTCOMES) {
			counters.set(outcome.ordinal(), counter(ResetGuardMeters.CALLS, Tags.of(TagKey.CLIENT.asString(), client,
					TagKey.PEER.asString(), peerTag, TagKey.OUTCOME.asString(), outcome.tagValue())));
		}
		return counters;
	}

	/**
	 * Count a pooled connection retired early by adaptive idle.
	 * @param client the kind of client
	 * @param peer the peer as {@code host:port}
	 */
	public void recordPrevented(ClientKind client, String peer) {
		try {
			counter(ResetGuardMeters.PREVENTED, clientAndPeer(client, peer)).increment();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not record prevented reset to {}", peer, ex);
		}
	}

	private Tags clientAndPeer(ClientKind client, String peer) {
		return Tags.of(TagKey.CLIENT.asString(), client.tagValue(), TagKey.PEER.asString(), this.peers.tagFor(peer));
	}

	private Counter counter(ResetGuardMeters meter, Tags meterTags) {
		return Counter.builder(meter.getName())
			.description(meter.getDescription())
			.baseUnit(meter.getBaseUnit())
			.tags(this.tags)
			.tags(meterTags)
			.register(this.registry);
	}

	private DistributionSummary idleSummary(Tags meterTags) {
		ResetGuardMeters meter = ResetGuardMeters.CONNECTION_IDLE;
		return DistributionSummary.builder(meter.getName())
			.description(meter.getDescription())
			.baseUnit(meter.getBaseUnit())
			.serviceLevelObjectives(IDLE_BUCKETS_SECONDS)
			.tags(this.tags)
			.tags(meterTags)
			.register(this.registry);
	}

	private static double seconds(Duration duration) {
		return duration.getSeconds() + duration.getNano() / NANOS_PER_SECOND;
	}

}
