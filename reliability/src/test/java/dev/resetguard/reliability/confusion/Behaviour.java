package dev.resetguard.reliability.confusion;

import java.time.Duration;

import dev.resetguard.forensics.ResetCause;
import dev.resetguard.reliability.matrix.Fault;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;

/**
 * A realistic server behaviour that resets connections, as the row groups of the confusion matrix: how
 * the chaos server behaves, how the callers load it, and the cause that DESIGN.md section 2 says the
 * evidence on the wire proves.
 */
enum Behaviour {

	/** A load balancer resets keep-alive connections idle past its timeout; callers pause past it. */
	IDLE_CLOSE_RST("LB closes idle connections (RST)", ResetCause.STALE_CONNECTION, ToxicKind.IDLE_CLOSE_RST),

	/** The server closes keep-alive connections idle past its timeout with a FIN; callers pause past it. */
	IDLE_CLOSE_FIN("server closes idle connections (FIN)", ResetCause.STALE_CONNECTION, ToxicKind.IDLE_CLOSE_FIN),

	/** Every request is reset right after its head was read; every new connection is accepted. */
	REJECT_EVERY_REQUEST("rejects every request", ResetCause.REQUEST_REJECTED, ToxicKind.RESET_AFTER_REQUEST_HEAD),

	/** A random tenth of the requests are reset after their head was read; callers call back to back. */
	REJECT_RANDOM_REQUESTS("rejects 10% of requests", ResetCause.REQUEST_REJECTED,
			ToxicKind.RESET_AFTER_REQUEST_HEAD),

	/** A large upload is reset part way, as a server refusing a request that is too large. */
	REJECT_UPLOAD("rejects an upload part way", ResetCause.REQUEST_REJECTED, ToxicKind.RESET_DURING_UPLOAD),

	/** The response is reset after its head and part of its body. */
	CUT_RESPONSE("cuts the response mid-body", ResetCause.RESPONSE_ABORTED, ToxicKind.RESET_AFTER_RESPONSE_BYTES),

	/** The server crashes, resetting every open connection, and refuses connects for a while before it is back. */
	CRASH_RESTART("crash, refused 300 ms, back", ResetCause.PEER_RESTART, ToxicKind.RESTART),

	/** The server crashes, resetting every open connection, and listens again at once. */
	INSTANT_RESTART("crash, instant restart", ResetCause.PEER_RESTART, ToxicKind.RESTART),

	/**
	 * The server shuts down gracefully (idle connections get a FIN, requests in progress their response with
	 * {@code Connection: close}), refuses connects for a while, and is back.
	 */
	GRACEFUL_RESTART("graceful shutdown, refused 300 ms, back", ResetCause.PEER_RESTART,
			ToxicKind.GRACEFUL_RESTART),

	/** The whole request read, then silence past the middlebox threshold, then a reset. */
	SILENCE_THEN_RESET("silence 700 ms then reset", ResetCause.MIDDLEBOX, ToxicKind.SILENCE_THEN_RESET),

	/** Every connection is reset as soon as it is accepted. */
	RESET_ON_ACCEPT("reset on accept", ResetCause.CONNECT_REJECTED, ToxicKind.RESET_ON_ACCEPT),

	/**
	 * The whole request read, the server works on it briefly, far below the middlebox threshold, and its
	 * connection is killed: a worker that crashed or a query that was cancelled.
	 */
	KILLED_WHILE_WORKING("killed while working (50 ms)", ResetCause.REQUEST_REJECTED, ToxicKind.SILENCE_THEN_RESET);

	/** The server's idle timeout: above {@code reset-guard.prevention.min-idle} (1 s), as real ones are. */
	static final Duration IDLE_TIMEOUT = Duration.ofMillis(1100);

	/** How long callers pause between calls to meet the idle timeout. */
	static final Duration IDLE_PAUSE = Duration.ofMillis(1300);

	/** How long a crashed or gracefully stopped server refuses connects. */
	static final Duration DOWNTIME = Duration.ofMillis(300);

	/** How long the server is up between two restarts, carrying traffic and filling pools. */
	static final Duration UPTIME = Duration.ofMillis(200);

	/** How long the server works on a request before its connection is killed. */
	static final Duration WORK = Duration.ofMillis(50);

	/** The share of requests rejected at random. */
	static final double REJECTED_SHARE = 0.1;

	/** Seed of the random rejections, so every client meets the same sequence. */
	static final long SEED = 13;

	/** Response body bytes sent before the response is cut. */
	static final int RESPONSE_BYTES = 100;

	/** The path of the restart behaviours: a call that takes a moment, so a restart meets calls in flight. */
	static final String BUSY_PATH = "/delay/20";

	/**
	 * The pause between the calls of the restart behaviours, so a restart also meets idle pooled connections,
	 * which a graceful shutdown closes with a FIN rather than answering: far below any idle timeout.
	 */
	static final Duration RESTART_PAUSE = Duration.ofMillis(50);

	private final String title;

	private final ResetCause expected;

	private final ToxicKind injection;

	Behaviour(String title, ResetCause expected, ToxicKind injection) {
		this.title = title;
		this.expected = expected;
		this.injection = injection;
	}

	/**
	 * Return the row title.
	 * @return the title
	 */
	String title() {
		return this.title;
	}

	/**
	 * Return the cause the evidence of this behaviour proves.
	 * @return the expected cause
	 */
	ResetCause expected() {
		return this.expected;
	}

	/**
	 * Return the kind the chaos server's ledger records for each injection of this behaviour.
	 * @return the ledger kind
	 */
	ToxicKind injection() {
		return this.injection;
	}

	/**
	 * Set the server up to behave so before the first call.
	 * @param server a fresh server
	 */
	void arm(ChaosServer server) {
		switch (this) {
			case IDLE_CLOSE_RST -> server.idleTimeout(IDLE_TIMEOUT, CloseMode.RST);
			case IDLE_CLOSE_FIN -> server.idleTimeout(IDLE_TIMEOUT, CloseMode.FIN);
			case REJECT_EVERY_REQUEST -> server.always(Toxic.resetAfterRequestHead());
			case REJECT_RANDOM_REQUESTS -> server.sometimes(REJECTED_SHARE, SEED, Toxic.resetAfterRequestHead());
			case REJECT_UPLOAD -> server.always(Toxic.resetDuringUpload(Fault.UPLOAD_BYTES_BEFORE_RESET));
			case CUT_RESPONSE -> server.always(Toxic.resetAfterResponseBytes(RESPONSE_BYTES));
			case SILENCE_THEN_RESET -> server.always(Toxic.silenceThenReset(Fault.SILENCE));
			case RESET_ON_ACCEPT -> server.always(Toxic.resetOnAccept());
			// On the wire, work that ends in a reset is a short silence that ends in one.
			case KILLED_WHILE_WORKING -> server.always(Toxic.silenceThenReset(WORK));
			case CRASH_RESTART, INSTANT_RESTART, GRACEFUL_RESTART -> {
				// The server is healthy between its restarts, which the cell's disturbance makes.
			}
		}
	}

	/**
	 * Restart the server once, the way this behaviour does, and wait until it listens again.
	 * @param server the server
	 * @throws Exception if the restart fails
	 */
	void restart(ChaosServer server) throws Exception {
		switch (this) {
			case CRASH_RESTART -> server.restart(DOWNTIME).get();
			case INSTANT_RESTART -> server.restart(Duration.ZERO).get();
			case GRACEFUL_RESTART -> server.restartGracefully(DOWNTIME).get();
			default -> throw new IllegalStateException(this + " does not restart");
		}
	}

	/**
	 * Whether the server restarts over and over during the cell.
	 * @return {@code true} for the restart behaviours
	 */
	boolean restarts() {
		return this == CRASH_RESTART || this == INSTANT_RESTART || this == GRACEFUL_RESTART;
	}

	/**
	 * Return the request method of the calls.
	 * @return the method
	 */
	String method() {
		return (this == REJECT_UPLOAD) ? "POST" : "GET";
	}

	/**
	 * Return the path the calls go to.
	 * @return the path
	 */
	String path() {
		return restarts() ? BUSY_PATH : "/confusion";
	}

	/**
	 * Return how long each caller pauses after a call.
	 * @return the pause
	 */
	Duration pause() {
		if (this == IDLE_CLOSE_RST || this == IDLE_CLOSE_FIN) {
			return IDLE_PAUSE;
		}
		return restarts() ? RESTART_PAUSE : Duration.ZERO;
	}

	/**
	 * Return the longest a cell of this behaviour loads the server: enough for about ten resets with one
	 * caller where each takes long to come (an idle timeout, a silence, a restart), a few seconds otherwise.
	 * @param callers the number of concurrent callers
	 * @return the time limit of the load
	 */
	Duration timeLimit(int callers) {
		boolean one = callers == 1;
		return switch (this) {
			case IDLE_CLOSE_RST, IDLE_CLOSE_FIN -> Duration.ofMillis(one ? 8000 : 4500);
			case SILENCE_THEN_RESET -> Duration.ofMillis(one ? 6000 : 3000);
			case CRASH_RESTART, GRACEFUL_RESTART -> Duration.ofMillis(one ? 6000 : 3000);
			case INSTANT_RESTART, CUT_RESPONSE, KILLED_WHILE_WORKING -> Duration.ofMillis(one ? 2500 : 2000);
			case REJECT_EVERY_REQUEST, REJECT_RANDOM_REQUESTS, REJECT_UPLOAD, RESET_ON_ACCEPT -> Duration.ofMillis(2000);
		};
	}

}
