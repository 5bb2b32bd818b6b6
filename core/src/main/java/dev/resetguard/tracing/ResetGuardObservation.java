package dev.resetguard.tracing;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Reset Guard starts, as children of the observation of the call they belong to, so that a
 * trace accounts for the time a call spent waiting between its attempts. Names and keys are declared once
 * here.
 */
public enum ResetGuardObservation implements ObservationDocumentation {

	/** The backoff before a retry, from the decision to retry to the next attempt. */
	BACKOFF("reset.guard.backoff"),

	/** A wait for a restarting peer to accept connections again, before an attempt. */
	RIDE_THROUGH("reset.guard.ride-through");

	private final String name;

	ResetGuardObservation(String name) {
		this.name = name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getContextualName() {
		return this.name;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return new KeyName[] { WaitKey.CLIENT };
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return new KeyName[] { WaitKey.PEER, WaitKey.ATTEMPT };
	}

	/**
	 * The key values of Reset Guard's own observations.
	 */
	public enum WaitKey implements KeyName {

		/** The kind of client making the call, as in the {@code client} tag of the meters. */
		CLIENT("client"),

		/** The peer of the call, as {@code host:port}. */
		PEER("peer"),

		/** The attempt that the wait comes before. */
		ATTEMPT("attempt");

		private final String key;

		WaitKey(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * The high-cardinality key values Reset Guard adds to the observation of a call that met a reset: the
	 * client's own (such as {@code http.client.requests}) or the caller's. Never low-cardinality ones, which
	 * would multiply the series of the application's HTTP client metrics.
	 */
	public enum CallKey implements KeyName {

		/** The attempts the call made so far, the first one included. */
		ATTEMPTS("reset.guard.attempts"),

		/** How the call ended, as in the {@code outcome} tag of {@code reset.guard.calls}. */
		OUTCOME("reset.guard.outcome");

		private final String key;

		CallKey(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * The events Reset Guard records on the observation of a call.
	 */
	public enum CallEvent implements Observation.Event {

		/**
		 * A reset met by the call, with what was decided about it. Recorded with a contextual name of its
		 * own, which a span shows as an annotation, for example
		 * {@code reset phase=awaiting-response cause=request-rejected attempt=1 local-port=43512 decision=retried backoff=74ms}.
		 */
		RESET;

		@Override
		public String getName() {
			return "reset.guard.reset";
		}

		@Override
		public String getContextualName() {
			return "reset";
		}

	}

}
