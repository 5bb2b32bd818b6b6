package dev.resetguard.forensics;

import java.time.Duration;

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
 */
public record ConnectionFacts(long connectionId, String localAddress, String remoteAddress, boolean reused,
		Duration connectionAge, Duration idleBeforeUse, Duration silence, long bytesSent, long bytesReceived,
		boolean viaProxy) {

}
