package dev.resetguard.forensics;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange bookkeeping and phase rules of {@link ConnectionTrace}, driven directly; the socket
 * tests drive the same trace through real loopback connections.
 */
class ConnectionTraceTests {

	private final RecordingConnectionListener listener = new RecordingConnectionListener();

	private final ConnectionTrace trace = new ConnectionTrace("peer:80", this.listener);

	@Test
	void failureBeforeConnectEndIsConnectPhase() {
		this.trace.connectStarted();
		assertThat(this.trace.phaseOf(IoOperation.CONNECT)).isEqualTo(ResetPhase.CONNECT);
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.CONNECT);
	}

	@Test
	void failureOfFirstWriteOnFreshConnectionIsConnectPhase() {
		connect();
		this.trace.beforeWrite();
		assertThat(this.trace.phaseOf(IoOperation.WRITE)).isEqualTo(ResetPhase.CONNECT);
	}

	@Test
	void failureOfFirstWriteTooLargeToBeRefusedWholeIsSendingRequest() {
		connect();
		this.trace.beforeWrite();
		this.trace.writeFailed(ConnectionTrace.WHOLE_WRITE_BYTES + 1);
		assertThat(this.trace.phaseOf(IoOperation.WRITE)).isEqualTo(ResetPhase.SENDING_REQUEST);
		assertThat(this.trace.facts().writeInDoubt()).isTrue();
		assertThat(this.trace.responseWasDue()).isTrue();
	}

	@Test
	void failureOfFirstWriteSmallEnoughToBeRefusedWholeIsConnectPhase() {
		connect();
		this.trace.beforeWrite();
		this.trace.writeFailed(ConnectionTrace.WHOLE_WRITE_BYTES);
		assertThat(this.trace.phaseOf(IoOperation.WRITE)).isEqualTo(ResetPhase.CONNECT);
		assertThat(this.trace.facts().writeInDoubt()).isFalse();
	}

	@Test
	void failureDuringHandshakeIsTlsHandshakePhase() {
		connect();
		this.trace.handshakeStarted();
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.TLS_HANDSHAKE);
		this.trace.handshakeFinished();
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.CONNECT);
	}

	@Test
	void failureOfWriteAfterRequestBytesIsSendingRequest() {
		connect();
		write(100);
		this.trace.beforeWrite();
		assertThat(this.trace.phaseOf(IoOperation.WRITE)).isEqualTo(ResetPhase.SENDING_REQUEST);
	}

	@Test
	void failureOfReadAfterRequestIsAwaitingResponse() {
		connect();
		write(100);
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.AWAITING_RESPONSE);
		assertThat(this.trace.responseWasDue()).isTrue();
	}

	@Test
	void failureAfterResponseBytesIsReceivingResponse() {
		connect();
		write(100);
		this.trace.read(10);
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.RECEIVING_RESPONSE);
		assertThat(this.trace.responseWasDue()).isFalse();
	}

	@Test
	void writeAfterResponseStartsNewExchangeOnReusedConnection() throws InterruptedException {
		connect();
		write(100);
		this.trace.read(50);
		Thread.sleep(20);
		this.trace.beforeWrite();
		assertThat(this.trace.isReused()).isTrue();
		assertThat(this.trace.exchanges()).isEqualTo(2);
		assertThat(this.trace.idleBeforeUseNanos()).isGreaterThanOrEqualTo(20_000_000L);
		assertThat(this.trace.exchangeBytesSent()).isZero();
		assertThat(this.trace.exchangeBytesReceived()).isZero();
		assertThat(this.trace.phaseOf(IoOperation.WRITE)).isEqualTo(ResetPhase.SENDING_REQUEST);
	}

	@Test
	void serverGreetingBeforeFirstRequestDoesNotMakeConnectionReused() {
		connect();
		this.trace.read(20);
		write(10);
		assertThat(this.trace.isReused()).isFalse();
		assertThat(this.trace.phaseOf(IoOperation.READ)).isEqualTo(ResetPhase.AWAITING_RESPONSE);
	}

	@Test
	void factsDescribeCurrentExchange() {
		connect();
		write(100);
		this.trace.read(40);
		ConnectionFacts facts = this.trace.facts();
		assertThat(facts.connectionId()).isEqualTo(this.trace.id());
		assertThat(facts.localAddress()).isEqualTo("127.0.0.1:50000");
		assertThat(facts.remoteAddress()).isEqualTo("127.0.0.1:80");
		assertThat(facts.reused()).isFalse();
		assertThat(facts.bytesSent()).isEqualTo(100);
		assertThat(facts.bytesReceived()).isEqualTo(40);
		assertThat(facts.idleBeforeUse()).isZero();
		assertThat(this.trace.firstRequestByteNanos()).isNotNegative();
		assertThat(this.trace.firstResponseByteNanos()).isGreaterThanOrEqualTo(this.trace.firstRequestByteNanos());
	}

	@Test
	void silenceCountsFromStartOfExchangeNotFromIdlePeriod() throws InterruptedException {
		connect();
		write(10);
		this.trace.read(10);
		Thread.sleep(50);
		long exchangeStarting = System.nanoTime();
		this.trace.beforeWrite();
		ConnectionFacts facts = this.trace.facts();
		// Bounds from the clock read around the steps, not from how fast they ran: a loaded machine stalls anywhere.
		assertThat(facts.silence()).isLessThanOrEqualTo(Duration.ofNanos(System.nanoTime() - exchangeStarting));
		assertThat(facts.idleBeforeUse()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
	}

	@Test
	void listenerSeesStepsInOrderAndResetOnce() {
		connect();
		write(10);
		this.trace.read(10);
		this.trace.beforeWrite();
		ResetEvent event = new ResetEvent(null, ClientKind.SOCKET, "peer:80", ResetPhase.SENDING_REQUEST,
				ResetCause.STALE_CONNECTION, null, "SocketException", "Connection reset", null, 1);
		assertThat(this.trace.markReset(event)).isTrue();
		assertThat(this.trace.markReset(event)).isFalse();
		this.trace.closed();
		this.trace.closed();
		assertThat(this.listener.events()).containsExactly("ConnectStart", "ConnectEnd", "RequestStart",
				"ResponseStart", "RequestStart(reused)", "ConnectionReset(sending-request, stale-connection)",
				"ConnectionClosed");
	}

	@Test
	void throwingListenerDoesNotBreakTheConnection() {
		ConnectionTrace traced = new ConnectionTrace("peer:80", new ConnectionListener() {

			@Override
			public void requestStart(ConnectionTrace trace) {
				throw new IllegalStateException("listener bug");
			}

		});
		traced.connectStarted();
		traced.connected("a:1", "b:2");
		traced.beforeWrite();
		traced.wrote(5);
		assertThat(traced.exchangeBytesSent()).isEqualTo(5);
	}

	@Test
	void connectFailureIsReportedToListener() {
		this.trace.connectStarted();
		this.trace.connectFailed(new IOException("refused"));
		assertThat(this.listener.events()).containsExactly("ConnectStart", "ConnectFailed");
	}

	private void connect() {
		this.trace.connectStarted();
		this.trace.connected("127.0.0.1:50000", "127.0.0.1:80");
	}

	private void write(int bytes) {
		this.trace.beforeWrite();
		this.trace.wrote(bytes);
	}

}
