package dev.resetguard.forensics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What our own instrumentation knew about a connection at the moment it was reset. Byte counts and
 * timings refer to the current exchange (one request and its response) unless named otherwise.
 *
 * @param connectionId process-unique id of the connection
 * @param localAddress local address and port ({@code host:port}), {@code null} if not connected
 * @param remoteAddress remote address and port ({@code host:port}), {@code null} if not connected
 * @param reused whether the connection had carried an earlier exchange (it came from a pool)
 * @param connectionAge time since the connection was opened
 * @param idleBeforeUse how long the connection sat idle before the current exchange began ({@link Duration#ZERO} when fresh)
 * @param silence time since the last byte was written or read when the reset came
 * @param bytesSent request bytes accepted by the kernel in the current exchange
 * @param bytesReceived response bytes read in the current exchange
 * @param viaProxy whether the connection goes through a proxy the client knows of
 * @param writeInDoubt whether a write of the current exchange failed too large to have been refused whole,
 * so that some of its bytes, not counted in {@code bytesSent}, may have left
 */
public record ConnectionFacts(long connectionId, @Nullable String localAddress, @Nullable String remoteAddress,
		boolean reused, Duration connectionAge, Duration idleBeforeUse, Duration silence, long bytesSent,
		long bytesReceived, boolean viaProxy, boolean writeInDoubt) {

	/**
	 * Create facts with no write in doubt.
	 * @param connectionId process-unique id of the connection
	 * @param localAddress local address and port, {@code null} if not connected
	 * @param remoteAddress remote address and port, {@code null} if not connected
	 * @param reused whether the connection had carried an earlier exchange
	 * @param connectionAge time since the connection was opened
	 * @param idleBeforeUse how long the connection sat idle before the current exchange began
	 * @param silence time since the last byte was written or read when the reset came
	 * @param bytesSent request bytes accepted by the kernel in the current exchange
	 * @param bytesReceived response bytes read in the current exchange
	 * @param viaProxy whether the connection goes through a proxy the client knows of
	 */
	public ConnectionFacts(long connectionId, @Nullable String localAddress, @Nullable String remoteAddress,
			boolean reused, Duration connectionAge, Duration idleBeforeUse, Duration silence, long bytesSent,
			long bytesReceived, boolean viaProxy) {
		this(connectionId, localAddress, remoteAddress, reused, connectionAge, idleBeforeUse, silence, bytesSent,
				bytesReceived, viaProxy, false);
	}

	/**
	 * Return whether request bytes may have left in the current exchange: some were accepted by the kernel,
	 * or a write failed that may have sent part of itself.
	 * @return whether the peer may have received part of the request
	 */
	public boolean requestMayHaveLeft() {
		return this.bytesSent > 0 || this.writeInDoubt;
	}

}
