package dev.resetguard.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters Reset Guard publishes, with their names, types, base units, descriptions and tag keys.
 * Names and tag keys are part of the public contract: dashboards and alert rules depend on them.
 */
public enum ResetGuardMeters implements MeterDocumentation {

	/** Connection resets seen, by where in the exchange they happened and their likely cause. */
	RESETS("reset.guard.resets", Meter.Type.COUNTER, "resets",
			"Connection resets seen, by where in the exchange they happened and their likely cause", TagKey.CLIENT,
			TagKey.PEER, TagKey.PHASE, TagKey.CAUSE, TagKey.EXCEPTION),

	/** Retries made after a reset. */
	RETRIES("reset.guard.retries", Meter.Type.COUNTER, "retries", "Retries made after a reset", TagKey.CLIENT,
			TagKey.PEER, TagKey.CAUSE),

	/** Calls made through Reset Guard, by how resets affected them. */
	CALLS("reset.guard.calls", Meter.Type.COUNTER, "calls", "Calls made through Reset Guard, by how resets affected them",
			TagKey.CLIENT, TagKey.PEER, TagKey.OUTCOME),

	/** How long a reused connection had been idle when it was found reset. */
	CONNECTION_IDLE("reset.guard.connection.idle", Meter.Type.DISTRIBUTION_SUMMARY, "seconds",
			"How long a reused connection had been idle when it was found reset", TagKey.CLIENT, TagKey.PEER),

	// The unit repeats the name's last word because Prometheus appends any other unit to the name, and
	// reset_guard_prevented_total is part of the contract.
	/** Pooled connections retired early by adaptive idle, before the peer's idle timeout could reset them. */
	PREVENTED("reset.guard.prevented", Meter.Type.COUNTER, "prevented",
			"Pooled connections retired early by adaptive idle, before the peer's idle timeout could reset them",
			TagKey.CLIENT, TagKey.PEER);

	private final String name;

	private final Meter.Type type;

	private final String baseUnit;

	private final String description;

	private final TagKey[] keyNames;

	ResetGuardMeters(String name, Meter.Type type, String baseUnit, String description, TagKey... keyNames) {
		this.name = name;
		this.type = type;
		this.baseUnit = baseUnit;
		this.description = description;
		this.keyNames = keyNames;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Meter.Type getType() {
		return this.type;
	}

	@Override
	public String getBaseUnit() {
		return this.baseUnit;
	}

	/**
	 * Return the description registered with the meter.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	@Override
	public KeyName[] getKeyNames() {
		return this.keyNames.clone();
	}

	/**
	 * The tag keys of Reset Guard's meters.
	 */
	public enum TagKey implements KeyName {

		/** The kind of client: {@code rest-template}, {@code rest-client}, {@code web-client}, {@code socket} or {@code programmatic}. */
		CLIENT("client"),

		/** The peer as {@code host:port}, or {@code other} beyond the configured number of peers. */
		PEER("peer"),

		/** Where in the exchange the reset happened. */
		PHASE("phase"),

		/** The likely cause of the reset. */
		CAUSE("cause"),

		/** The simple class name of the innermost reset exception. */
		EXCEPTION("exception"),

		/** How resets affected the call. */
		OUTCOME("outcome");

		private final String key;

		TagKey(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

}
