package dev.resetguard.classify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.resetguard.classify.shaded.io.netty.channel.unix.Errors;

import static dev.resetguard.classify.LibraryExceptions.causedBy;
import static dev.resetguard.classify.LibraryExceptions.nativeIo;
import static dev.resetguard.classify.LibraryExceptions.prematureClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The classifier's decision rules, on constructed exceptions. The ground-truth rows themselves are
 * proven with real resets in the per-client tests; OS variants this machine cannot produce are here.
 */
class ResetClassifierTests {

	private final ResetClassifier classifier = ResetClassifier.standard();

	@Test
	void standardClassifierIsShared() {
		assertThat(ResetClassifier.standard()).isSameAs(ResetClassifier.standard());
	}

	@Test
	void nullIsNotAReset() {
		assertThat(this.classifier.classify(null)).isSameAs(ResetClassification.NOT_A_RESET);
	}

	@Test
	void everyNonResetYieldsTheSharedResult() {
		assertThat(this.classifier.classify(new SocketTimeoutException("Read timed out")))
			.isSameAs(ResetClassification.NOT_A_RESET);
	}

	@Test
	void readSideConnectionResetIsRst() {
		assertRst(new SocketException("Connection reset"));
	}

	@Test
	void writeSideConnectionResetByPeerIsRst() {
		assertRst(new IOException("Connection reset by peer"));
	}

	@Test
	void connectExceptionConnectionResetByPeerIsRst() {
		assertRst(new ConnectException("Connection reset by peer"));
	}

	@Test
	void brokenPipeIsBrokenPipe() {
		assertSignal(new SocketException("Broken pipe"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	void olderJdkBrokenPipeWordingIsBrokenPipe() {
		assertSignal(new SocketException("Broken pipe (Write failed)"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (Windows): JDK 'Connection reset by peer: socket write error' is RST")
	void windowsJdkSocketWriteErrorIsRst() {
		assertRst(new SocketException("Connection reset by peer: socket write error"));
	}

	@Test
	@DisplayName("constructed (Windows): WSAECONNRESET 10054 'forcibly closed by the remote host' is RST")
	void windowsWsaeconnresetIsRst() {
		assertRst(new IOException("An existing connection was forcibly closed by the remote host"));
	}

	@Test
	@DisplayName("constructed (Windows): WSAECONNABORTED 10053 on recv is a broken pipe")
	void windowsWsaeconnabortedOnRecvIsBrokenPipe() {
		assertSignal(new SocketException("Software caused connection abort: recv failed"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (Windows): WSAECONNABORTED 10053 on write is a broken pipe")
	void windowsWsaeconnabortedOnWriteIsBrokenPipe() {
		assertSignal(new SocketException("Software caused connection abort: socket write error"),
				ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (Windows): WSAECONNABORTED 10053 from an NIO channel is a broken pipe")
	void windowsNioWsaeconnabortedIsBrokenPipe() {
		assertSignal(new IOException("An established connection was aborted by the software in your host machine"),
				ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (macOS): kqueue NativeIoException with errno -54 is RST")
	void macOsKqueueEconnresetIsRst() {
		assertRst(new Errors.NativeIoException("readAddress(..) failed: Connection reset by peer", -54));
	}

	@Test
	@DisplayName("constructed (macOS): kqueue NativeIoException with errno -32 is a broken pipe")
	void macOsKqueueEpipeIsBrokenPipe() {
		assertSignal(new Errors.NativeIoException("writeAddress(..) failed: Broken pipe", -32), ResetSignal.BROKEN_PIPE);
	}

	@Test
	@DisplayName("constructed (German locale): NativeIoException with errno -104 and a German message is RST")
	void nativeErrnoDecidesWhateverTheLanguageOfTheMessage() {
		assertRst(new Errors.NativeIoException(
				"recvAddress(..) fehlgeschlagen: Die Verbindung wurde vom Kommunikationspartner zurückgesetzt", -104));
	}

	@Test
	@DisplayName("constructed (German locale): errno -104 in a Netty message with German text is RST")
	void errnoInMessageDecidesWhateverTheLanguageOfTheMessage() {
		assertRst(new IOException(
				"recvAddress(..) failed with error(-104): Die Verbindung wurde vom Kommunikationspartner zurückgesetzt"));
	}

	@Test
	void nativeErrnoDecidesOverMessageText() {
		assertNotAReset(new Errors.NativeIoException("Connection reset? no: connect(..) failed: Connection refused", -111));
	}

	@Test
	void nettyNativeIoExceptionWithEconnresetIsRst() {
		assertRst(nativeIo("recvAddress", -104));
	}

	@Test
	void nettyNativeIoExceptionWithEpipeIsBrokenPipe() {
		assertSignal(nativeIo("sendAddress", -32), ResetSignal.BROKEN_PIPE);
	}

	@Test
	void nettyNativeIoExceptionWithEconnrefusedIsNotAReset() {
		assertNotAReset(nativeIo("finishConnect", -111));
	}

	@Test
	void nettyNativeIoExceptionErrnoDecidesEvenWhereTheLocalTextSaysOtherwise() {
		// On Linux errno 54 reads "Exchange full"; -54 is macOS ECONNRESET and never a Linux socket error
		assertRst(nativeIo("readAddress", -54));
	}

	@Test
	void nettyConnectExceptionWithErrnoInMessageIsRst() {
		assertRst(new ConnectException("finishConnect(..) failed with error(-104): Connection reset by peer"));
	}

	@Test
	void nettyConnectExceptionWithEconnrefusedInMessageIsNotAReset() {
		assertNotAReset(new ConnectException("finishConnect(..) failed with error(-111): Connection refused"));
	}

	@Test
	void nettyEpipeInMessageIsBrokenPipe() {
		assertSignal(new IOException("sendAddress(..) failed with error(-32): Broken pipe"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	void malformedErrnoInMessageFallsBackToText() {
		assertRst(new IOException("recvAddress(..) failed with error(-x): Connection reset by peer"));
	}

	@Test
	void httpUrlConnectionErrorWritingToServerIsBrokenPipe() {
		assertSignal(new IOException("Error writing to server"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	void httpUrlConnectionErrorWritingRequestBodyIsBrokenPipe() {
		assertSignal(new IOException("Error writing request body to server"), ResetSignal.BROKEN_PIPE);
	}

	@Test
	void httpUrlConnectionUnexpectedEndOfFileIsPrematureClose() {
		assertPrematureClose(new SocketException("Unexpected end of file from server"));
	}

	@Test
	void httpUrlConnectionPrematureEofInChunkedBodyIsPrematureClose() {
		assertPrematureClose(new IOException("Premature EOF"));
	}

	@Test
	void jdkClientHeaderParserReceivedNoBytesWithoutCauseIsPrematureClose() {
		assertPrematureClose(new IOException("HTTP/1.1 header parser received no bytes"));
	}

	@Test
	void jdkClientEofReachedWhileReadingIsPrematureClose() {
		assertPrematureClose(new EOFException("EOF reached while reading"));
	}

	@Test
	void jdkClientFixedContentLengthShortfallIsPrematureClose() {
		assertPrematureClose(new IOException("fixed content-length: 1000, bytes received: 100"));
	}

	@Test
	void jettyClientEarlyEofIsPrematureClose() {
		assertPrematureClose(new EOFException("oejcti.HttpConnectionOverHTTP@7d2e50df::oeji.SocketChannelEndPoint@4d822532"
				+ "[{l=/127.0.0.1:50634,r=/127.0.0.1:33745,ISHUT,fill=-,flush=-,to=3/30000}]"));
	}

	@Test
	void remoteHostTerminatedTheHandshakeIsPrematureClose() {
		assertPrematureClose(new SSLHandshakeException("Remote host terminated the handshake"));
	}

	@Test
	void remoteHostTerminatedTheConnectionIsPrematureClose() {
		assertPrematureClose(new SSLProtocolException("Remote host terminated the connection"));
	}

	@Test
	void remoteHostClosedTheChannelIsPrematureClose() {
		assertPrematureClose(new SSLHandshakeException("Remote host closed the channel"));
	}

	@Test
	void nettySslHandlerChannelClosedDuringHandshakeIsPrematureClose() {
		assertPrematureClose(new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress"));
	}

	@Test
	void reactorPrematureCloseBeforeResponseWithoutCauseIsPrematureClose() {
		assertPrematureClose(prematureClose("Connection prematurely closed BEFORE response"));
	}

	@Test
	void reactorPrematureCloseDuringResponseIsPrematureClose() {
		assertPrematureClose(prematureClose("Connection prematurely closed DURING response"));
	}

	@Test
	void apacheNoHttpResponseIsPrematureClose() {
		assertPrematureClose(new NoHttpResponseException("127.0.0.1:41234 failed to respond"));
	}

	@Test
	void apachePrematureEndOfContentLengthBodyIsPrematureClose() {
		assertPrematureClose(new ConnectionClosedException(
				"Premature end of Content-Length delimited message body (expected: %d; received: %d)", 1000, 100));
	}

	@Test
	void apachePrematureEndOfChunkedBodyIsPrematureClose() {
		assertPrematureClose(
				new ConnectionClosedException("Premature end of chunk coded message body: closing chunk expected"));
	}

	@Test
	void apacheTruncatedChunkIsPrematureClose() {
		assertPrematureClose(new TruncatedChunkException("Truncated chunk (expected size: %d; actual size: %d)", 50, 10));
	}

	@Test
	void apacheAsyncConnectionClosedByPeerIsPrematureClose() {
		assertPrematureClose(new ConnectionClosedException("Connection closed by peer"));
	}

	@Test
	void apacheConnectionIsClosedIsNotAResetBecauseItAlsoMeansALocalClose() {
		assertNotAReset(new ConnectionClosedException());
	}

	@Test
	void prematureCloseCausedByRstReportsTheInnermostRst() {
		IOException rst = new IOException("Connection reset by peer");
		ResetClassification classification = this.classifier
			.classify(new ResourceAccessException("I/O error", causedBy(prematureClose("Connection prematurely closed BEFORE response"), rst)));
		assertThat(classification.signal()).isEqualTo(ResetSignal.RST);
		assertThat(classification.resetException()).isSameAs(rst);
	}

	@Test
	void prematureCloseCausedByEofReportsTheInnermostEof() {
		EOFException eof = new EOFException("EOF reached while reading");
		ResetClassification classification = this.classifier.classify(
				new ResourceAccessException("I/O error", causedBy(new IOException("HTTP/1.1 header parser received no bytes"), eof)));
		assertThat(classification.signal()).isEqualTo(ResetSignal.PREMATURE_CLOSE);
		assertThat(classification.resetException()).isSameAs(eof);
	}

	@Test
	void resetBelowANonResetIoExceptionIsFound() {
		SocketException rst = new SocketException("Connection reset");
		IOException closed = new IOException("closed", new IOException("fixed content-length: 1000, bytes received: 100", rst));
		assertThat(this.classifier.classify(new RestClientException("Error while extracting response", closed))
			.resetException()).isSameAs(rst);
	}

	@Test
	void everyGenericWrapperIsLookedThrough() {
		SocketException rst = new SocketException("Connection reset");
		Throwable wrapped = new ExecutionException(new CompletionException(new UncheckedIOException(rst)));
		assertThat(this.classifier.classify(wrapped).resetException()).isSameAs(rst);
	}

	@Test
	void webClientResponseExceptionWithStatus200AndResetCauseIsRst() {
		SocketException rst = new SocketException("Connection reset");
		WebClientResponseException exception = new WebClientResponseException(
				"200 OK from GET http://127.0.0.1:41234/s3, but response failed with cause: " + rst, 200, "OK",
				new HttpHeaders(), null, StandardCharsets.UTF_8);
		exception.initCause(rst);
		assertThat(this.classifier.classify(exception).resetException()).isSameAs(rst);
	}

	@Test
	void wrapperMessageAloneIsNotJudgedBecauseWrappersQuoteUrlsAndStatusTexts() {
		assertNotAReset(new HttpServerErrorException(HttpStatus.INTERNAL_SERVER_ERROR, "Connection reset"));
		assertNotAReset(new RestClientException("I/O error on GET request for \"http://h/x\": Connection reset"));
	}

	@Test
	void resetInSuppressedExceptionIsFound() {
		SocketException rst = new SocketException("Connection reset");
		RuntimeException failure = new RuntimeException("retries exhausted", new SocketTimeoutException("Read timed out"));
		failure.addSuppressed(new ResourceAccessException("I/O error", rst));
		assertThat(this.classifier.classify(failure).resetException()).isSameAs(rst);
	}

	@Test
	void resetInSuppressedExceptionOfACauseIsFound() {
		SocketException rst = new SocketException("Broken pipe");
		IOException cause = new IOException("write failed");
		cause.addSuppressed(rst);
		assertThat(this.classifier.classify(new RuntimeException(cause)).resetException()).isSameAs(rst);
	}

	@Test
	void resetInNestedSuppressedExceptionIsFound() {
		SocketException rst = new SocketException("Connection reset");
		Exception inner = new Exception("inner");
		inner.addSuppressed(rst);
		Exception outer = new Exception("outer");
		outer.addSuppressed(inner);
		assertThat(this.classifier.classify(outer).resetException()).isSameAs(rst);
	}

	@Test
	void causeChainWinsOverSuppressedExceptions() {
		SocketException inChain = new SocketException("Connection reset");
		RuntimeException failure = new RuntimeException(inChain);
		failure.addSuppressed(new SocketException("Broken pipe"));
		assertThat(this.classifier.classify(failure).resetException()).isSameAs(inChain);
	}

	@Test
	@DisplayName("constructed: a cause chain that loops terminates")
	void causeLoopTerminates() {
		IOException first = new IOException("first");
		IOException second = new IOException("second", first);
		first.initCause(second);
		assertNotAReset(new RuntimeException(first));
	}

	@Test
	@DisplayName("constructed: a reset inside a cause loop is found")
	void resetInsideCauseLoopIsFound() {
		SocketException rst = new SocketException("Connection reset");
		IOException loop = new IOException("loop", rst);
		rst.initCause(loop);
		assertThat(this.classifier.classify(new RuntimeException(loop)).isReset()).isTrue();
	}

	@Test
	@DisplayName("constructed: a throwable that is its own cause terminates")
	void selfCauseTerminates() {
		assertNotAReset(new SelfCausing());
	}

	@Test
	@DisplayName("constructed: throwables that suppress each other terminate")
	void suppressionLoopTerminates() {
		Exception first = new Exception("first");
		Exception second = new Exception("second");
		first.addSuppressed(second);
		second.addSuppressed(first);
		assertNotAReset(first);
	}

	@Test
	@DisplayName("constructed: a throwable suppressed by its own cause terminates (Throwable forbids direct self-suppression)")
	void suppressionByOwnCauseTerminates() {
		IOException cause = new IOException("cause");
		IOException failure = new IOException("failure", cause);
		cause.addSuppressed(failure);
		failure.addSuppressed(cause);
		assertNotAReset(failure);
	}

	@Test
	@DisplayName("constructed: a cause chain deeper than the bound terminates")
	void veryDeepCauseChainTerminates() {
		Throwable chain = new SocketTimeoutException("Read timed out");
		for (int i = 0; i < 10_000; i++) {
			chain = new RuntimeException("wrapper", chain);
		}
		assertNotAReset(chain);
	}

	@ParameterizedTest(name = "{0} is not a reset")
	@MethodSource("notResets")
	void notAReset(String description, Throwable throwable) {
		assertNotAReset(throwable);
	}

	static Stream<Arguments> notResets() {
		return Stream.of(
				arguments("connection refused", new ConnectException("Connection refused")),
				arguments("Netty connection refused",
						new ConnectException("finishConnect(..) failed: Connection refused")),
				arguments("read timeout", new SocketTimeoutException("Read timed out")),
				arguments("connect timeout", new SocketTimeoutException("Connect timed out")),
				arguments("JDK client request timeout", new HttpTimeoutException("request timed out")),
				arguments("JDK client connect timeout", new HttpConnectTimeoutException("HTTP connect timed out")),
				arguments("Netty connect timeout",
						new ConnectTimeoutException("connection timed out after 10 ms: /127.0.0.1:41234")),
				arguments("Netty read timeout", ReadTimeoutException.INSTANCE),
				arguments("concurrent timeout", new TimeoutException("Did not observe any item within 100ms")),
				arguments("unknown host", new UnknownHostException("nonexistent.invalid")),
				arguments("untrusted certificate",
						new SSLHandshakeException("PKIX path building failed: unable to find valid certification path")),
				arguments("certificate without the host name",
						new SSLHandshakeException("No subject alternative names present")),
				arguments("protocol mismatch", new SSLHandshakeException("Received fatal alert: protocol_version")),
				arguments("no common protocol", new SSLHandshakeException(
						"No appropriate protocol (protocol is disabled or cipher suites are inappropriate)")),
				arguments("SSLSocket write after its own teardown",
						new SocketException("Connection or outbound has closed")),
				arguments("TLS engine closed", new SSLException("Unsupported or unrecognized SSL message")),
				arguments("HTTP 500", new HttpServerErrorException(HttpStatus.INTERNAL_SERVER_ERROR)),
				arguments("WebClient HTTP 503 without a reset cause", new WebClientResponseException(503,
						"Service Unavailable", new HttpHeaders(), null, StandardCharsets.UTF_8)),
				arguments("cancellation", new CancellationException("cancelled")),
				arguments("interrupted I/O", new InterruptedIOException("interrupted")),
				arguments("closed by interrupt", new ClosedByInterruptException()),
				arguments("asynchronous close", new AsynchronousCloseException()),
				arguments("closed channel", new ClosedChannelException()),
				arguments("our own close", new SocketException("Socket closed")),
				arguments("our own close of an SSLSocket", new SocketException("Socket is closed")),
				arguments("plain runtime exception", new IllegalStateException("boom")),
				arguments("message-less I/O exception", new IOException()),
				arguments("end of a stream that was due to end", new EOFException()));
	}

	private void assertRst(Throwable throwable) {
		assertSignal(throwable, ResetSignal.RST);
	}

	private void assertPrematureClose(Throwable throwable) {
		assertSignal(throwable, ResetSignal.PREMATURE_CLOSE);
	}

	private void assertSignal(Throwable throwable, ResetSignal signal) {
		ResetClassification classification = this.classifier.classify(throwable);
		assertThat(classification.isReset()).as("%s is a reset", throwable).isTrue();
		assertThat(classification.signal()).isEqualTo(signal);
		assertThat(classification.resetException()).isSameAs(throwable);
	}

	private void assertNotAReset(Throwable throwable) {
		assertThat(this.classifier.classify(throwable)).as("%s", throwable).isSameAs(ResetClassification.NOT_A_RESET);
	}

	private static final class SelfCausing extends IOException {

		@Override
		public synchronized Throwable getCause() {
			return this;
		}

	}

}
