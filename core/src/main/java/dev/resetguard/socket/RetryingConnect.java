package dev.resetguard.socket;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The connect step of Reset Guard's socket factories: connects a fresh socket and, when a reset
 * interrupts the connect, asks the {@link ConnectRetry} whether to try again on a new socket.
 */
final class RetryingConnect {

	private RetryingConnect() {
	}

	/**
	 * Connect, retrying on resets as the instrumentation's connect retry allows.
	 * @param <S> the socket type
	 * @param instrumentation the instrumentation
	 * @param peer the peer as {@code host:port}
	 * @param attempt connects one fresh socket for the given attempt number, closing it if it fails
	 * @return the connected socket
	 * @throws IOException the failure of the last attempt, unchanged
	 */
	static <S extends Socket> S connect(SocketInstrumentation instrumentation, String peer, Attempt<S> attempt)
			throws IOException {
		instrumentation.connectRetry().connectStarted(peer);
		for (int number = 1;; number++) {
			try {
				return attempt.connect(number);
			}
			catch (IOException ex) {
				if (!instrumentation.isReset(ex)) {
					throw ex;
				}
				long delayNanos = instrumentation.connectRetry().delayBeforeRetry(peer, number);
				if (delayNanos < 0 || !sleep(delayNanos)) {
					throw ex;
				}
			}
		}
	}

	private static boolean sleep(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One connect attempt on a fresh socket.
	 * @param <S> the socket type
	 */
	@FunctionalInterface
	interface Attempt<S extends Socket> {

		/**
		 * Connect a fresh socket, closing it if the connect fails.
		 * @param number the attempt number, 1 for the first
		 * @return the connected socket
		 * @throws IOException if the connect failed
		 */
		S connect(int number) throws IOException;

	}

}
