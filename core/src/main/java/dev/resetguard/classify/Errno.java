package dev.resetguard.classify;

import org.jspecify.annotations.Nullable;

/**
 * The errno that a native transport reports with an I/O failure, and the reset signal it stands
 * for. Netty's native transports (epoll, kqueue, io_uring) report errno values negated, both from
 * {@code expectedErr()} and in their messages ({@code "recvAddress(..) failed with error(-104): ..."}).
 * An errno decides on its own: the text beside it comes from {@code strerror} and may be localized.
 */
final class Errno {

	/** The value for "no errno known"; errno 0 is never an error. */
	static final int UNKNOWN = 0;

	private static final String MARKER = "error(-";

	private static final int MAX_DIGITS = 6;

	private Errno() {
	}

	/**
	 * Return the negated errno that a message carries in Netty's {@code error(-N)} form.
	 * @param message the exception message
	 * @return the negated errno, or {@link #UNKNOWN} if the message carries none
	 */
	static int parse(String message) {
		int start = message.indexOf(MARKER);
		if (start < 0) {
			return UNKNOWN;
		}
		int index = start + MARKER.length();
		int end = Math.min(message.length(), index + MAX_DIGITS);
		int value = 0;
		int digits = 0;
		while (index < end && isDigit(message.charAt(index))) {
			value = value * 10 + (message.charAt(index) - '0');
			index++;
			digits++;
		}
		if (digits == 0 || index >= message.length() || message.charAt(index) != ')') {
			return UNKNOWN;
		}
		return -value;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Return the reset signal that a negated errno stands for.
	 * @param errno the negated errno
	 * @return the signal, {@code null} if the errno is not a reset
	 */
	static @Nullable ResetSignal signalOf(int errno) {
		switch (errno) {
			// ECONNRESET: 104 on Linux, 54 on macOS and the BSDs
			case -104:
			case -54:
				return ResetSignal.RST;
			// EPIPE: 32 on Linux and macOS; ECONNABORTED: 103 on Linux, 53 on macOS
			case -32:
			case -103:
			case -53:
				return ResetSignal.BROKEN_PIPE;
			default:
				return null;
		}
	}

}
