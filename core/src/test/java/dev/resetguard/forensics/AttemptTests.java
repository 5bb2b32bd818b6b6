package dev.resetguard.forensics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a blocking client's attempt and the socket instrumentation beneath it agree on one event per
 * reset: the attempt is filled in by the instrumentation on the calling thread, and resolves its
 * failure to that event or records it once.
 */
@ExtendWith(ChaosServerExtension.class)
class AttemptTests {

	private static final String PEER = "inventory:8080";

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
			new CauseInference(CauseSettings.ofDefaults()), this.events::add);

	@Test
	void activationsNestAndRestoreTheAttemptBefore() {
		Attempt outer = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		Attempt inner = new Attempt(ClientKind.REST_TEMPLATE, PEER, 2);
		assertThat(Attempt.current()).isNull();
		Attempt.Activation outerActivation = outer.activate();
		Attempt.Activation innerActivation = inner.activate();
		assertThat(Attempt.current()).isSameAs(inner);
		innerActivation.close();
		assertThat(Attempt.current()).isSameAs(outer);
		outerActivation.close();
		assertThat(Attempt.current()).isNull();
	}

	@Test
	void listenerRemembersTheConnectionAndTheResetRecordedOnIt() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, Attempt.LISTENER);
		Attempt.Activation activation = attempt.activate();
		try {
			trace.connectStarted();
			trace.connected("127.0.0.1:50000", "127.0.0.1:8080");
			trace.beforeWrite();
			trace.wrote(40);
			this.recorder.connectionFailed(ClientKind.REST_CLIENT, trace, IoOperation.READ,
					new SocketException("Connection reset"), 1, false);
		}
		finally {
			activation.close();
		}
		assertThat(attempt.connection()).isSameAs(trace);
		assertThat(attempt.reset()).isSameAs(this.events.get(0));
	}

	@Test
	void listenerIgnoresConnectionsOutsideAnAttempt() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		new ConnectionTrace(PEER, Attempt.LISTENER).connectStarted();
		assertThat(attempt.connection()).isNull();
	}

	@Test
	void resolveReturnsTheResetTheSocketsRecordedWithoutRecordingItAgain() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, Attempt.LISTENER);
		Attempt.Activation activation = attempt.activate();
		try {
			trace.connectStarted();
			trace.connected("127.0.0.1:50000", "127.0.0.1:8080");
			trace.beforeWrite();
			trace.wrote(40);
			this.recorder.connectionFailed(ClientKind.REST_CLIENT, trace, IoOperation.READ,
					new SocketException("Connection reset"), 1, false);
		}
		finally {
			activation.close();
		}
		ResetEvent resolved = attempt.resolve(this.recorder, ResetPhase.UNKNOWN,
				new IOException("wrapped", new SocketException("Connection reset")));
		assertThat(resolved).isSameAs(this.events.get(0));
		assertThat(this.events).hasSize(1);
		assertThat(resolved.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
	}

	@Test
	void resolveRecordsAResetDuringConnectWithTheConnectionsFacts() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 2);
		ConnectionTrace trace = new ConnectionTrace(PEER, Attempt.LISTENER);
		Attempt.Activation activation = attempt.activate();
		try {
			trace.connectStarted();
		}
		finally {
			activation.close();
		}
		trace.closed();
		ResetEvent resolved = attempt.resolve(this.recorder, ResetPhase.UNKNOWN,
				new SocketException("Connection reset by peer"));
		assertThat(resolved.phase()).isEqualTo(ResetPhase.CONNECT);
		assertThat(resolved.cause()).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(resolved.facts()).isNotNull();
		assertThat(resolved.attempt()).isEqualTo(2);
		assertThat(attempt.reset()).isSameAs(resolved);
	}

	@Test
	void resolveRecordsAResetAfterConnectBeforeTheFirstRequestByteAsTlsHandshake() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, Attempt.LISTENER);
		Attempt.Activation activation = attempt.activate();
		try {
			trace.connectStarted();
			trace.connected("127.0.0.1:50000", "127.0.0.1:8443");
		}
		finally {
			activation.close();
		}
		ResetEvent resolved = attempt.resolve(this.recorder, ResetPhase.UNKNOWN,
				new SocketException("Connection reset"));
		assertThat(resolved.phase()).isEqualTo(ResetPhase.TLS_HANDSHAKE);
		assertThat(resolved.facts().remoteAddress()).isEqualTo("127.0.0.1:8443");
	}

	@Test
	void resolveRecordsAResetFromTheExceptionAloneWithoutAnInstrumentedConnection() {
		Attempt attempt = new Attempt(ClientKind.REST_TEMPLATE, PEER, 3);
		ResetEvent resolved = attempt.resolve(this.recorder, ResetPhase.RECEIVING_RESPONSE,
				new SocketException("Connection reset"));
		assertThat(resolved.client()).isEqualTo(ClientKind.REST_TEMPLATE);
		assertThat(resolved.peer()).isEqualTo(PEER);
		assertThat(resolved.phase()).isEqualTo(ResetPhase.RECEIVING_RESPONSE);
		assertThat(resolved.facts()).isNull();
		assertThat(resolved.attempt()).isEqualTo(3);
		assertThat(this.events).as("held for the decision of the retry loop").isEmpty();
		this.recorder.decided(resolved, RetryDecision.NOT_RETRYABLE, 0);
		assertThat(this.events).containsExactly(resolved.withDecision(RetryDecision.NOT_RETRYABLE, 0));
	}

	@Test
	void resolveRecordsNothingForAFailureThatIsNotAReset() {
		Attempt attempt = new Attempt(ClientKind.REST_CLIENT, PEER, 1);
		assertThat(attempt.resolve(this.recorder, ResetPhase.UNKNOWN, new IOException("Read timed out"))).isNull();
		assertThat(this.events).isEmpty();
	}

	@Test
	void socketResetInsideAnAttemptIsTaggedWithItsClientAndAttempt(ChaosServer server) throws IOException {
		SocketInstrumentation instrumentation = SocketInstrumentation.builder()
			.recorder(this.recorder)
			.listener(Attempt.LISTENER)
			.build();
		server.always(Toxic.resetAfterRequestHead());
		Attempt attempt = new Attempt(ClientKind.REST_TEMPLATE, PEER, 2);
		Attempt.Activation activation = attempt.activate();
		try (Socket socket = new ResetGuardSocketFactory(instrumentation).createSocket(server.host(), server.port())) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThatIOException().isThrownBy(in::read);
		}
		finally {
			activation.close();
		}
		assertThat(this.events).as("held for the decision of the retry loop").isEmpty();
		this.recorder.decided(attempt.reset(), RetryDecision.RETRY, 1_000_000);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.client()).isEqualTo(ClientKind.REST_TEMPLATE);
			assertThat(event.attempt()).isEqualTo(2);
			assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
			assertThat(event.decision()).isEqualTo(RetryDecision.RETRY);
		});
		assertThat(attempt.reset().withDecision(RetryDecision.RETRY, 1_000_000)).isEqualTo(this.events.get(0));
	}

	@Test
	void socketResetOutsideAnAttemptKeepsTheInstrumentationsClient(ChaosServer server) throws IOException {
		SocketInstrumentation instrumentation = SocketInstrumentation.builder().recorder(this.recorder).build();
		server.always(Toxic.resetAfterRequestHead());
		try (Socket socket = new ResetGuardSocketFactory(instrumentation).createSocket(server.host(), server.port())) {
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThatIOException().isThrownBy(socket.getInputStream()::read);
		}
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.client()).isEqualTo(ClientKind.SOCKET);
			assertThat(event.attempt()).isEqualTo(1);
		});
	}

	@Test
	void numberStartsAtOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Attempt(ClientKind.WEB_CLIENT, PEER, 0))
			.withMessage("number must be at least 1, but was 0");
	}

	@Test
	void resetOfTheConnectionServingTheAttemptIsAttached() {
		Attempt attempt = new Attempt(ClientKind.WEB_CLIENT, PEER, 2);
		ConnectionTrace first = new ConnectionTrace(PEER, ConnectionListener.NONE);
		attempt.bind(first);
		ResetEvent event = event();
		assertThat(attempt.resetRecorded(first, event)).isTrue();
		assertThat(attempt.reset()).isSameAs(event);
	}

	@Test
	void resetOfAConnectionTheAttemptMovedAwayFromIsNotAttached() {
		Attempt attempt = new Attempt(ClientKind.WEB_CLIENT, PEER, 2);
		ConnectionTrace first = new ConnectionTrace(PEER, ConnectionListener.NONE);
		ConnectionTrace second = new ConnectionTrace(PEER, ConnectionListener.NONE);
		attempt.bind(first);
		attempt.bind(second);
		assertThat(attempt.resetRecorded(first, event())).isFalse();
		assertThat(attempt.connection()).isSameAs(second);
		assertThat(attempt.reset()).isNull();
	}

	@Test
	void nextAttemptOfTheSameCallForgetsTheConnectionAndResetBefore() {
		ConnectionTrace first = new ConnectionTrace(PEER, ConnectionListener.NONE);
		Attempt attempt = new Attempt(ClientKind.WEB_CLIENT, PEER, 1) {
			{
				bind(first);
				resetRecorded(first, event());
				begin(2);
			}
		};
		assertThat(attempt.number()).isEqualTo(2);
		assertThat(attempt.connection()).isNull();
		assertThat(attempt.reset()).isNull();
		assertThat(attempt.resetRecorded(first, event())).isFalse();
	}

	private static ResetEvent event() {
		return new ResetEvent(Instant.EPOCH, ClientKind.WEB_CLIENT, PEER, ResetPhase.AWAITING_RESPONSE,
				ResetCause.REQUEST_REJECTED, ResetSignal.RST, "SocketException", "Connection reset", null, 2);
	}

}
