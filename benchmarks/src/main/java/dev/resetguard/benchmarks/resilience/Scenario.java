package dev.resetguard.benchmarks.resilience;

import java.time.Duration;
import java.util.Map;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;

/**
 * The situations every contender meets, each the same server-side behaviour for all of them: the chaos
 * server's seeded toxics, idle timeout, outage and restart.
 */
enum Scenario {

	/** 10% of requests, drawn from a seeded sequence, are reset after the server read the request head. */
	GET_RESETS("get-resets", "10% random resets after the request, GET", false, 8, Duration.ZERO) {

		@Override
		void prepare(ChaosServer server, long seed) {
			server.sometimes(0.1, seed, Toxic.resetAfterRequestHead());
		}

	},

	/** As {@link #GET_RESETS} with POSTs, each logical call carrying its own request id. */
	POST_RESETS("post-resets", "10% random resets after the request, POST with a unique `X-Request-Id`", true, 8,
			Duration.ZERO) {

		@Override
		void prepare(ChaosServer server, long seed) {
			server.sometimes(0.1, seed, Toxic.resetAfterRequestHead());
		}

	},

	/**
	 * The server resets keep-alive connections idle for 1 s; one caller pauses 1.5 s between calls, so
	 * every pooled connection it reuses is already dead. 1 s is the shortest idle time Reset Guard's
	 * adaptive idle retires connections at by default ({@code reset-guard.prevention.min-idle}).
	 */
	IDLE_TIMEOUT("idle-timeout", "server resets connections idle for 1 s; one caller, 1.5 s between calls", false, 1,
			Duration.ofMillis(1500)) {

		@Override
		void prepare(ChaosServer server, long seed) {
			server.idleTimeout(Duration.ofSeconds(1), CloseMode.RST);
		}

	},

	/**
	 * As {@link #IDLE_TIMEOUT} with a 40 ms idle timeout and 60 ms pauses, frequent enough that the stale
	 * resets come several to a restart window. 40 ms is below adaptive idle's default floor of 1 s, so
	 * Reset Guard runs it with {@code reset-guard.prevention.min-idle} lowered to 20 ms, as a user of such
	 * a peer would.
	 */
	IDLE_TIMEOUT_FAST("idle-timeout-fast",
			"server resets connections idle for 40 ms; one caller, 60 ms between calls; Reset Guard with `reset-guard.prevention.min-idle=20ms`",
			false, 1, Duration.ofMillis(60)) {

		@Override
		void prepare(ChaosServer server, long seed) {
			server.idleTimeout(Duration.ofMillis(40), CloseMode.RST);
		}

		@Override
		Map<String, Object> resetGuardProperties() {
			return Map.of("reset-guard.prevention.min-idle", "20ms");
		}

	},

	/**
	 * The peer resets every request for 3 s in the middle of a 5 s run, while 8 callers each make a call
	 * every 10 ms.
	 */
	OUTAGE("outage", "every request reset for 3 s (from 1 s to 4 s of a 5 s run); 8 callers, 10 ms between calls",
			false, 8, Duration.ofMillis(10)) {

		@Override
		Duration faultAt() {
			return Duration.ofSeconds(1);
		}

		@Override
		Duration faultFor() {
			return Duration.ofSeconds(3);
		}

		@Override
		Duration runFor() {
			return Duration.ofSeconds(5);
		}

		@Override
		void startFault(ChaosServer server) {
			server.always(Toxic.resetAfterRequestHead());
		}

		@Override
		void endFault(ChaosServer server) {
			server.heal();
		}

	},

	/**
	 * The peer crashes 1.5 s into a 4 s run: every open connection is reset and the port refuses
	 * connections for 1 s, while 8 callers each make a call every 5 ms.
	 */
	RESTART("restart", "peer restarts 1.5 s into a 4 s run (open connections reset, port refused for 1 s); "
			+ "8 callers, 5 ms between calls", false, 8, Duration.ofMillis(5)) {

		@Override
		Duration faultAt() {
			return Duration.ofMillis(1500);
		}

		@Override
		Duration faultFor() {
			return RESTART_DOWNTIME;
		}

		@Override
		Duration runFor() {
			return Duration.ofSeconds(4);
		}

		@Override
		void startFault(ChaosServer server) {
			server.restart(RESTART_DOWNTIME);
		}

	};

	private static final Duration RESTART_DOWNTIME = Duration.ofSeconds(1);

	private final String id;

	private final String description;

	private final boolean post;

	private final int threads;

	private final Duration pause;

	Scenario(String id, String description, boolean post, int threads, Duration pause) {
		this.id = id;
		this.description = description;
		this.post = post;
		this.threads = threads;
		this.pause = pause;
	}

	String id() {
		return this.id;
	}

	String description() {
		return this.description;
	}

	/** Whether each call is a POST rather than a GET. */
	boolean post() {
		return this.post;
	}

	/** How many threads make calls at once. */
	int threads() {
		return this.threads;
	}

	/** How long each thread pauses after each call. */
	Duration pause() {
		return this.pause;
	}

	/** Set up the faults that last the whole run. */
	void prepare(ChaosServer server, long seed) {
	}

	/** The properties Reset Guard runs this scenario with on top of its defaults. */
	Map<String, Object> resetGuardProperties() {
		return Map.of();
	}

	/** Whether the scenario counts the resets after its first fifth of calls, once the peer could be learned. */
	boolean learns() {
		return this == IDLE_TIMEOUT || this == IDLE_TIMEOUT_FAST;
	}

	/** When the timed fault starts, or {@code null} when there is none. */
	Duration faultAt() {
		return null;
	}

	/** How long the timed fault lasts. */
	Duration faultFor() {
		return Duration.ZERO;
	}

	/** How long the run lasts, or {@code null} for as long as its calls take. */
	Duration runFor() {
		return null;
	}

	void startFault(ChaosServer server) {
	}

	void endFault(ChaosServer server) {
	}

}
