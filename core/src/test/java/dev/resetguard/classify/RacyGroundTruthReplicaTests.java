package dev.resetguard.classify;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static dev.resetguard.classify.LibraryExceptions.annotatedConnect;
import static dev.resetguard.classify.LibraryExceptions.annotatedSocket;
import static dev.resetguard.classify.LibraryExceptions.blocked;
import static dev.resetguard.classify.LibraryExceptions.causedBy;
import static dev.resetguard.classify.LibraryExceptions.nativeIo;
import static dev.resetguard.classify.LibraryExceptions.prematureClose;
import static dev.resetguard.classify.LibraryExceptions.webClientRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructed replicas of the ground-truth outcomes that a real reset produces only now and then
 * (the races of S1, and the rare S2 and S5 variants), so that each is proven on every build. Every
 * chain is built from the library's own exception classes, exactly as the ground truth recorded it.
 * The real-client tests accept whichever of these outcomes a run produces.
 */
class RacyGroundTruthReplicaTests {

	private final ResetClassifier classifier = ResetClassifier.standard();

	@Test
	@DisplayName("constructed (racy S1, a): HttpURLConnection reset at connect is RST")
	void httpUrlConnectionResetOnAcceptAtConnectIsRst() {
		SocketException root = new SocketException("Connection reset by peer");
		assertInnermost(resourceAccess(root), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, a): HttpURLConnection reset at the response read is RST")
	void httpUrlConnectionResetOnAcceptAtReadIsRst() {
		SocketException root = new SocketException("Connection reset");
		assertInnermost(resourceAccess(root), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, a): HttpURLConnection 'Unexpected end of file from server' is a premature close")
	void httpUrlConnectionResetOnAcceptAsUnexpectedEndOfFileIsPrematureClose() {
		SocketException root = new SocketException("Unexpected end of file from server");
		assertInnermost(resourceAccess(root), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (racy S1, a, seen here only): HttpURLConnection 'Error writing to server' is a broken pipe")
	void httpUrlConnectionResetOnAcceptAsErrorWritingToServerIsBrokenPipe() {
		IOException root = new IOException("Error writing to server");
		assertInnermost(resourceAccess(root), root, ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (racy S1, b): Apache reset at the request write or at connect is RST")
	void apacheResetOnAcceptAtWriteOrConnectIsRst() {
		SocketException root = new SocketException("Connection reset by peer");
		assertInnermost(resourceAccess(root), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, b): Apache reset at the response read is RST")
	void apacheResetOnAcceptAtReadIsRst() {
		SocketException root = new SocketException("Connection reset");
		assertInnermost(resourceAccess(root), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, seen here only, 2 of 50): Jetty write to a connection its RST already closed is a premature close")
	void jettyResetOnAcceptAtHeaderWriteIsPrematureClose() {
		// Jetty's selector read the RST as an end of stream and closed the endpoint before the request
		// head was flushed: neither exception carries the reset's own text
		EofException root = new EofException(new ClosedChannelException());
		assertInnermost(resourceAccess(root), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (racy S1, c): JDK client ConnectException 'Connection reset by peer' is RST")
	void jdkClientResetOnAcceptAtConnectIsRst() {
		SocketException root = new SocketException("Connection reset by peer");
		ConnectException connect = causedBy(new ConnectException("Connection reset by peer"), root);
		assertInnermost(resourceAccess(connect), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, c): JDK client header parser received no bytes after a read reset is RST")
	void jdkClientResetOnAcceptAtReadIsRst() {
		SocketException root = new SocketException("Connection reset");
		IOException parser = new IOException("HTTP/1.1 header parser received no bytes", root);
		assertInnermost(resourceAccess(parser), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, c, seen here only): JDK client header parser received no bytes after a write reset is RST")
	void jdkClientResetOnAcceptAtWriteIsRst() {
		IOException root = new IOException("Connection reset by peer");
		IOException parser = new IOException("HTTP/1.1 header parser received no bytes", root);
		assertInnermost(resourceAccess(parser), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, d): Reactor Netty epoll PrematureCloseException without cause is a premature close")
	void reactorEpollResetOnAcceptAsPrematureCloseIsPrematureClose() {
		IOException root = prematureClose("Connection prematurely closed BEFORE response");
		assertInnermost(blocked(webClientRequest(root)), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (racy S1, d): Reactor Netty epoll finishConnect error(-104) is RST")
	void reactorEpollResetOnAcceptAtFinishConnectIsRst() {
		ConnectException root = new ConnectException("finishConnect(..) failed with error(-104): Connection reset by peer");
		assertInnermost(blocked(webClientRequest(annotatedConnect(root))), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, d, JDK 25 1/6): Reactor Netty epoll recvAddress NativeIoException -104 is RST")
	void reactorEpollResetOnAcceptAtRecvIsRst() {
		IOException root = nativeIo("recvAddress", -104);
		assertInnermost(blocked(webClientRequest(root)), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, d2): Reactor Netty NIO PrematureCloseException without cause is a premature close")
	void reactorNioResetOnAcceptAsPrematureCloseIsPrematureClose() {
		IOException root = prematureClose("Connection prematurely closed BEFORE response");
		assertInnermost(blocked(webClientRequest(root)), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (racy S1, d2): Reactor Netty NIO AnnotatedSocketException at connect is RST")
	void reactorNioResetOnAcceptAtConnectIsRst() {
		SocketException root = new SocketException("Connection reset by peer");
		assertInnermost(blocked(webClientRequest(annotatedSocket(root))), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, d2, JDK 25 1/6): Reactor Netty NIO 'Connection reset' at read is RST")
	void reactorNioResetOnAcceptAtReadIsRst() {
		SocketException root = new SocketException("Connection reset");
		assertInnermost(blocked(webClientRequest(root)), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, f): java.net.http TLS 'Remote host closed the channel' over a reset is RST")
	void jdkClientTlsResetOnAcceptAsRemoteHostClosedTheChannelIsRst() {
		SocketException root = new SocketException("Connection reset");
		SSLHandshakeException inner = causedBy(new SSLHandshakeException("Remote host closed the channel"), root);
		SSLHandshakeException outer = causedBy(new SSLHandshakeException("Remote host closed the channel"), inner);
		assertInnermost(outer, root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, f): java.net.http TLS 'Remote host terminated the handshake' over a reset is RST")
	void jdkClientTlsResetOnAcceptAsRemoteHostTerminatedTheHandshakeIsRst() {
		SocketException root = new SocketException("Connection reset");
		SSLHandshakeException inner = causedBy(new SSLHandshakeException("Remote host terminated the handshake"), root);
		SSLHandshakeException outer = causedBy(new SSLHandshakeException("Remote host terminated the handshake"), inner);
		assertInnermost(outer, root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (racy S1, f, seen here only): java.net.http TLS ConnectException 'Connection reset by peer' is RST")
	void jdkClientTlsResetOnAcceptAtConnectIsRst() {
		SocketException root = new SocketException("Connection reset by peer");
		ConnectException inner = causedBy(new ConnectException("Connection reset by peer"), root);
		ConnectException outer = causedBy(new ConnectException("Connection reset by peer"), inner);
		assertInnermost(outer, root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (rare S2 POST, a 1/6): HttpURLConnection 'Unexpected end of file from server' is a premature close")
	void httpUrlConnectionPostResetAfterRequestHeadAsUnexpectedEndOfFileIsPrematureClose() {
		SocketException root = new SocketException("Unexpected end of file from server");
		assertInnermost(resourceAccess(root), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (rare S2 POST, c on JDK 17 1/6): JDK client reset at writev is RST")
	void jdkClientPostResetAfterRequestHeadAtWriteIsRst() {
		IOException root = new IOException("Connection reset by peer");
		IOException parser = new IOException("HTTP/1.1 header parser received no bytes", root);
		assertInnermost(resourceAccess(parser), root, ResetSignal.RST);
	}

	@Test
	@DisplayName("constructed (rare S2 POST, c on JDK 25 1/6): JDK client 'EOF reached while reading' is a premature close")
	void jdkClientPostResetAfterRequestHeadAsEofIsPrematureClose() {
		EOFException root = new EOFException("EOF reached while reading");
		IOException parser = new IOException("HTTP/1.1 header parser received no bytes", root);
		assertInnermost(resourceAccess(parser), root, ResetSignal.PREMATURE_CLOSE);
	}

	@Test
	@DisplayName("constructed (rare S5, c on JDK 25 1/6): JDK client upload reset seen as 'EOF reached while reading' is a premature close")
	void jdkClientUploadResetAsEofIsPrematureClose() {
		EOFException root = new EOFException("EOF reached while reading");
		IOException parser = new IOException("HTTP/1.1 header parser received no bytes", root);
		assertInnermost(resourceAccess(parser), root, ResetSignal.PREMATURE_CLOSE);
	}

	private static ResourceAccessException resourceAccess(IOException cause) {
		return new ResourceAccessException("I/O error on GET request for \"http://127.0.0.1:41234/s1\": "
				+ cause.getMessage(), cause);
	}

	private void assertInnermost(Throwable throwable, Throwable expected, ResetSignal signal) {
		ResetClassification classification = this.classifier.classify(throwable);
		assertThat(classification.signal()).isEqualTo(signal);
		assertThat(classification.resetException()).isSameAs(expected);
	}

}
