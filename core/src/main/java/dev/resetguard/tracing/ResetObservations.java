package dev.resetguard.tracing;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ConnectionFacts;
import dev.resetguard.forensics.ResetEvent;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Puts what Reset Guard does to a call into the call's observation, and so into its span when tracing is
 * on: an event per reset with its phase, cause, attempt, local port and the decision taken, the attempts
 * made and the call's outcome as high-cardinality key values, and each backoff and ride-through wait as a
 * {@link ResetGuardObservation child observation}. Only calls that meet a reset or wait for a restarting
 * peer are touched: a call answered the first time is left as the client observed it. Thread-safe.
 */
public final class ResetObservations {

	/** Decision recorded for a retry that first waits for its restarting peer. */
	public static final String WAITED_FOR_RESTART = "waited-for-restart";

	/**
	 * Decision recorded for a reset of a socket that no retry loop of Reset Guard's runs around: the
	 * socket's user (a JDBC driver, a mail client) decides what to do about it.
	 */
	public static final String NOT_DECIDED = "none";

	private final ObservationRegistry registry;

	/**
	 * Create the observations of the given registry.
	 * @param registry where the child observations are made, and whose current observation is the call's
	 * when the client does not hand one over
	 */
	public ResetObservations(ObservationRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	/**
	 * Return a meter filter that keeps Reset Guard's observations out of metrics: the timers that an
	 * observation handler for metrics would make of the backoff and ride-through observations, and the
	 * counters it would make of the reset events. They are for traces; Reset Guard's meters are its
	 * {@code reset.guard.*} contract, and the {@code reset.guard.backoff} and {@code reset.guard.ride-through}
	 * timers would be undocumented names under its prefix.
	 * @return the filter
	 */
	public static MeterFilter keepOutOfMetrics() {
		String eventSuffix = "." + ResetGuardObservation.CallEvent.RESET.getName();
		return MeterFilter.deny((id) -> {
			String name = id.getName();
			for (ResetGuardObservation observation : ResetGuardObservation.values()) {
				if (name.equals(observation.getName()) || name.startsWith(observation.getName() + ".")) {
					return true;
				}
			}
			return name.endsWith(eventSuffix);
		});
	}

	/**
	 * Return the observation open on the calling thread: the client's own, or its caller's.
	 * @return the observation, {@code null} if none is open or it is a no-op
	 */
	public @Nullable Observation current() {
		return observed(this.registry.getCurrentObservation());
	}

	/**
	 * Return the given observation if it records anything.
	 * @param observation an observation
	 * @return the observation, {@code null} if it is {@code null} or a no-op
	 */
	public static @Nullable Observation observed(@Nullable Observation observation) {
		return (observation != null && !observation.isNoop()) ? observation : null;
	}

	/**
	 * Record a reset of a call, with what was decided about it, as an event of the call's observation.
	 * @param call the observation of the call
	 * @param reset the reset, as published
	 * @param decision the decision: a retry decision's tag value, or {@code waited-for-restart}
	 * @param backoffNanos the backoff before the retry, in nanoseconds
	 */
	public void resetDecided(Observation call, ResetEvent reset, String decision, long backoffNanos) {
		StringBuilder text = new StringBuilder(160).append("reset phase=")
			.append(reset.phase().tagValue())
			.append(" cause=")
			.append(reset.cause().tagValue())
			.append(" attempt=")
			.append(reset.attempt());
		String localPort = localPort(reset.facts());
		if (localPort != null) {
			text.append(" local-port=").append(localPort);
		}
		text.append(" decision=").append(decision);
		if (backoffNanos > 0) {
			text.append(" backoff=").append(TimeUnit.NANOSECONDS.toMillis(backoffNanos)).append("ms");
		}
		call.event(Observation.Event.of(ResetGuardObservation.CallEvent.RESET.getName(), text.toString()));
	}

	/**
	 * Record how far a call that met a reset got, as high-cardinality key values of its observation.
	 * @param call the observation of the call
	 * @param attempts the attempts made, the first one included
	 * @param outcome the call's outcome as things stand, {@code null} while it is still being retried
	 */
	public void callProgressed(Observation call, int attempts, @Nullable CallOutcome outcome) {
		call.highCardinalityKeyValue(ResetGuardObservation.CallKey.ATTEMPTS.asString(), Integer.toString(attempts));
		if (outcome != null) {
			call.highCardinalityKeyValue(ResetGuardObservation.CallKey.OUTCOME.asString(), outcome.tagValue());
		}
	}

	/**
	 * Start a wait of a call as a child of its observation; the caller stops it when the wait ends.
	 * @param kind the kind of wait
	 * @param call the observation of the call
	 * @param client the kind of client making the call
	 * @param peer the peer of the call
	 * @param attempt the attempt the wait comes before
	 * @return the started observation
	 */
	public Observation startWait(ResetGuardObservation kind, Observation call, ClientKind client, String peer,
			int attempt) {
		return kind.observation(this.registry)
			.parentObservation(call)
			.lowCardinalityKeyValue(ResetGuardObservation.WaitKey.CLIENT.asString(), client.tagValue())
			.highCardinalityKeyValue(ResetGuardObservation.WaitKey.PEER.asString(), peer)
			.highCardinalityKeyValue(ResetGuardObservation.WaitKey.ATTEMPT.asString(), Integer.toString(attempt))
			.contextualName(kind.getContextualName())
			.start();
	}

	private static @Nullable String localPort(@Nullable ConnectionFacts facts) {
		String local = (facts != null) ? facts.localAddress() : null;
		if (local == null) {
			return null;
		}
		int colon = local.lastIndexOf(':');
		return (colon >= 0) ? local.substring(colon + 1) : null;
	}

}
