package dev.resetguard.classify;

import java.time.Duration;

import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.CloseMode;

/**
 * The ground-truth scenarios' shared settings: request bodies, and the stale keep-alive set-up of
 * S4 (the server kills an idle connection after 200 ms, the client calls again after 500 ms).
 */
final class Scenarios {

	/** The S2 POST body. */
	static final byte[] SMALL_BODY = { 'h', 'e', 'l', 'l', 'o' };

	/** The S5 upload: 8 MiB, of which the server reads 64 KiB before it resets. */
	static final byte[] UPLOAD_BODY = new byte[8 * 1024 * 1024];

	/** How much of the S5 upload the server reads before it resets. */
	static final long UPLOAD_BYTES_BEFORE_RESET = 64 * 1024;

	/** How many of the declared S3 body bytes the server sends before it resets. */
	static final int RESPONSE_BYTES_BEFORE_RESET = 100;

	/** Connect and read timeouts of every client, short enough for a quick suite. */
	static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration IDLE_KILL = Duration.ofMillis(600);

	private static final Duration IDLE_WAIT = Duration.ofMillis(1200);

	private Scenarios() {
	}

	/**
	 * Make the server kill every connection that stays idle for 200 ms.
	 */
	static void killIdleConnections(ChaosServer server, CloseMode mode) {
		server.idleTimeout(IDLE_KILL, mode);
	}

	/**
	 * Wait until the server has killed the idle connection of the first call.
	 */
	static void awaitIdleKill() {
		sleep(IDLE_WAIT);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
