package dev.resetguard.reliability.matrix;

import java.time.Duration;

import dev.resetguard.test.CloseMode;
import dev.resetguard.test.Toxic;
import dev.resetguard.test.ToxicKind;

/**
 * Every fault the chaos server can inject, as the columns of the matrix. Request-level toxics hit the
 * first attempt of the call only ({@code next(1, toxic)}), so a retry that Reset Guard allows meets a
 * healthy server and the outcome shows whether the call was saved.
 */
public enum Fault {

	/** RST right after accept; on TLS, before the handshake. */
	RESET_ON_ACCEPT("reset on accept", ToxicKind.RESET_ON_ACCEPT, null),

	/** RST once the request head was read, before any response byte. */
	RESET_AFTER_REQUEST_HEAD("reset after request head", ToxicKind.RESET_AFTER_REQUEST_HEAD, null),

	/** RST after the response head and {@value #RESPONSE_BYTES} bytes of a longer body. */
	RESET_AFTER_RESPONSE_BYTES("reset after " + Fault.RESPONSE_BYTES + " response bytes",
			ToxicKind.RESET_AFTER_RESPONSE_BYTES, null),

	/** RST after {@value #UPLOAD_BYTES_BEFORE_RESET} bytes of the request body were read. */
	RESET_DURING_UPLOAD("reset during upload", ToxicKind.RESET_DURING_UPLOAD, null),

	/** The whole request read, then silence past the lowered middlebox threshold, then RST. */
	SILENCE_THEN_RESET("silence then reset", ToxicKind.SILENCE_THEN_RESET, null),

	/** A keep-alive connection left idle past the server's idle timeout is reset (RST). */
	IDLE_TIMEOUT_RST("idle timeout (RST)", ToxicKind.IDLE_CLOSE_RST, CloseMode.RST),

	/** A keep-alive connection left idle past the server's idle timeout is closed (FIN). */
	IDLE_TIMEOUT_FIN("idle timeout (FIN)", ToxicKind.IDLE_CLOSE_FIN, CloseMode.FIN),

	/**
	 * The server restarts while {@value #RESTART_CALLS} calls wait for their responses: every open
	 * connection is reset, and the port refuses connections for a moment.
	 */
	RESTART("restart", ToxicKind.RESTART, null);

	/** Response body bytes sent before the reset. */
	static final int RESPONSE_BYTES = 100;

	/** Request body bytes read before the reset. */
	public static final long UPLOAD_BYTES_BEFORE_RESET = 64 * 1024;

	/**
	 * Size of the body uploaded into a reset: larger than loopback can take in before the reset. The
	 * client's send buffer grows to 4 MiB at most (tcp_wmem here) and the server reads 64 KiB of a window that
	 * never grows, as it reads no more. A 4 MiB body could be written whole into the send buffer, so the reset
	 * was sometimes seen while awaiting the response (once in six runs, Apache); at 8 MiB the write is still
	 * blocked when the RST comes.
	 */
	public static final int UPLOAD_BODY_BYTES = 8 * 1024 * 1024;

	/** The silence before the reset; the matrix lowers the middlebox threshold below it. */
	public static final Duration SILENCE = Duration.ofMillis(700);

	/** The middlebox threshold the matrix runs with: well above any other toxic's pause on a loaded machine. */
	public static final Duration MIDDLEBOX_SILENCE = Duration.ofMillis(500);

	/** The server's idle timeout in the idle cells. */
	static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

	/** Calls in flight when the server restarts: the default number of connections that signal a restart. */
	static final int RESTART_CALLS = 3;

	/** How long the restarted server's port refuses connections, shorter than the matrix's backoff. */
	static final Duration RESTART_DOWNTIME = Duration.ofMillis(100);

	private final String title;

	private final ToxicKind kind;

	private final CloseMode idleCloseMode;

	Fault(String title, ToxicKind kind, CloseMode idleCloseMode) {
		this.title = title;
		this.kind = kind;
		this.idleCloseMode = idleCloseMode;
	}

	/**
	 * Return the column title.
	 * @return the title
	 */
	String title() {
		return this.title;
	}

	/**
	 * Return the kind the chaos server's ledger records for this fault.
	 * @return the ledger kind
	 */
	ToxicKind kind() {
		return this.kind;
	}

	/**
	 * Return the toxic to apply to the next request or connection.
	 * @return the toxic, or {@code null} for the idle timeouts and the restart
	 */
	Toxic toxic() {
		return switch (this) {
			case RESET_ON_ACCEPT -> Toxic.resetOnAccept();
			case RESET_AFTER_REQUEST_HEAD -> Toxic.resetAfterRequestHead();
			case RESET_AFTER_RESPONSE_BYTES -> Toxic.resetAfterResponseBytes(RESPONSE_BYTES);
			case RESET_DURING_UPLOAD -> Toxic.resetDuringUpload(UPLOAD_BYTES_BEFORE_RESET);
			case SILENCE_THEN_RESET -> Toxic.silenceThenReset(SILENCE);
			case IDLE_TIMEOUT_RST, IDLE_TIMEOUT_FIN, RESTART -> null;
		};
	}

	/**
	 * Return how idle connections are closed.
	 * @return the close mode, or {@code null} unless this is an idle timeout
	 */
	CloseMode idleCloseMode() {
		return this.idleCloseMode;
	}

}
