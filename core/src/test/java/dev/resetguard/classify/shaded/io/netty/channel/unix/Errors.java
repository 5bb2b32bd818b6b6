package dev.resetguard.classify.shaded.io.netty.channel.unix;

import java.io.IOException;

/**
 * Stands in for a relocated copy of Netty's {@code io.netty.channel.unix.Errors} (as in gRPC's shaded
 * Netty), so that tests can give a native I/O exception any errno and any message: a macOS kqueue
 * errno, a localized {@code strerror} text. The real class computes its message from the local errno table.
 */
public final class Errors {

	private Errors() {
	}

	/**
	 * Mirrors Netty's {@code Errors.NativeIoException}: an I/O exception with the negated errno.
	 */
	public static final class NativeIoException extends IOException {

		private final int expectedErr;

		/**
		 * Create an exception with the message and the negated errno given.
		 * @param message the message, as the transport would word it
		 * @param expectedErr the negated errno
		 */
		public NativeIoException(String message, int expectedErr) {
			super(message);
			this.expectedErr = expectedErr;
		}

		/**
		 * Return the negated errno.
		 * @return the negated errno
		 */
		public int expectedErr() {
			return this.expectedErr;
		}

	}

}
