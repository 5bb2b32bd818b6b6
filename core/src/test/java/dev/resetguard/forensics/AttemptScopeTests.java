package dev.resetguard.forensics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resetguard.classify.ResetClassifier;
import dev.resetguard.socket.ResetGuardSocketFactory;
import dev.resetguard.socket.SocketInstrumentation;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import dev.resetguard.test.Toxic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * How a blocking client's attempt and the socket instrumentation beneath it agree on one event per
 * reset: the scope is filled in by the instrumentation on the calling thread, and resolves the
 * attempt's failure to that event or records it once.
 */
@ExtendWith(ChaosServerExtension.class)
class AttemptScopeTests {

	private static final String PEER = "inventory:8080";

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final ResetRecorder recorder = new ResetRecorder(new ResetClassifier(),
			new CauseInference(CauseSettings.ofDefaults()), this.events::add);

	@Test
	void activationsNestAndRestoreTheScopeBefore() {
		AttemptScope outer = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		AttemptScope inner = new AttemptScope(ClientKind.REST_TEMPLATE, PEER, 2);
		assertThat(AttemptScope.current()).isNull();
		AttemptScope.Activation outerActivation = outer.activate();
		AttemptScope.Activation innerActivation = inner.activate();
		assertThat(AttemptScope.current()).isSameAs(inner);
		innerActivation.close();
		assertThat(AttemptScope.current()).isSameAs(outer);
		outerActivation.close();
		assertThat(AttemptScope.current()).isNull();
	}

	@Test
	void listenerRemembersTheConnectionAndTheResetRecordedOnIt() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, AttemptScope.LISTENER);
		AttemptScope.Activation activation = scope.activate();
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
		assertThat(scope.connection()).isSameAs(trace);
		assertThat(scope.reset()).isSameAs(this.events.get(0));
	}

	@Test
	void listenerIgnoresConnectionsOutsideAScope() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		new ConnectionTrace(PEER, AttemptScope.LISTENER).connectStarted();
		assertThat(scope.connection()).isNull();
	}

	@Test
	void resolveReturnsTheResetTheSocketsRecordedWithoutRecordingItAgain() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, AttemptScope.LISTENER);
		AttemptScope.Activation activation = scope.activate();
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
		ResetEvent resolved = scope.resolve(this.recorder, ResetPhase.UNKNOWN,
				new IOException("wrapped", new SocketException("Connection reset")));
		assertThat(resolved).isSameAs(this.events.get(0));
		assertThat(this.events).hasSize(1);
		assertThat(resolved.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
	}

	@Test
	void resolveRecordsAResetDuringConnectWithTheConnectionsFacts() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 2);
		ConnectionTrace trace = new ConnectionTrace(PEER, AttemptScope.LISTENER);
		AttemptScope.Activation activation = scope.activate();
		try {
			trace.connectStarted();
		}
		finally {
			activation.close();
		}
		trace.closed();
		ResetEvent resolved = scope.resolve(this.recorder, ResetPhase.UNKNOWN,
				new SocketException("Connection reset by peer"));
		assertThat(resolved.phase()).isEqualTo(ResetPhase.CONNECT);
		assertThat(resolved.cause()).isEqualTo(ResetCause.CONNECT_REJECTED);
		assertThat(resolved.facts()).isNotNull();
		assertThat(resolved.attempt()).isEqualTo(2);
		assertThat(scope.reset()).isSameAs(resolved);
	}

	@Test
	void resolveRecordsAResetAfterConnectBeforeTheFirstRequestByteAsTlsHandshake() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		ConnectionTrace trace = new ConnectionTrace(PEER, AttemptScope.LISTENER);
		AttemptScope.Activation activation = scope.activate();
		try {
			trace.connectStarted();
			trace.connected("127.0.0.1:50000", "127.0.0.1:8443");
		}
		finally {
			activation.close();
		}
		ResetEvent resolved = scope.resolve(this.recorder, ResetPhase.UNKNOWN,
				new SocketException("Connection reset"));
		assertThat(resolved.phase()).isEqualTo(ResetPhase.TLS_HANDSHAKE);
		assertThat(resolved.facts().remoteAddress()).isEqualTo("127.0.0.1:8443");
	}

	@Test
	void resolveRecordsAResetFromTheExceptionAloneWithoutAnInstrumentedConnection() {
		AttemptScope scope = new AttemptScope(ClientKind.REST_TEMPLATE, PEER, 3);
		ResetEvent resolved = scope.resolve(this.recorder, ResetPhase.RECEIVING_RESPONSE,
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
		AttemptScope scope = new AttemptScope(ClientKind.REST_CLIENT, PEER, 1);
		assertThat(scope.resolve(this.recorder, ResetPhase.UNKNOWN, new IOException("Read timed out"))).isNull();
		assertThat(this.events).isEmpty();
	}

	@Test
	void socketResetInsideAScopeIsTaggedWithItsClientAndAttempt(ChaosServer server) throws IOException {
		SocketInstrumentation instrumentation = SocketInstrumentation.builder()
			.recorder(this.recorder)
			.listener(AttemptScope.LISTENER)
			.build();
		server.always(Toxic.resetAfterRequestHead());
		AttemptScope scope = new AttemptScope(ClientKind.REST_TEMPLATE, PEER, 2);
		AttemptScope.Activation activation = scope.activate();
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
		this.recorder.decided(scope.reset(), RetryDecision.RETRY, 1_000_000);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.client()).isEqualTo(ClientKind.REST_TEMPLATE);
			assertThat(event.attempt()).isEqualTo(2);
			assertThat(event.phase()).isEqualTo(ResetPhase.AWAITING_RESPONSE);
			assertThat(event.decision()).isEqualTo(RetryDecision.RETRY);
		});
		assertThat(scope.reset().withDecision(RetryDecision.RETRY, 1_000_000)).isEqualTo(this.events.get(0));
	}

	@Test
	void socketResetOutsideAScopeKeepsTheInstrumentationsClient(ChaosServer server) throws IOException {
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

}
