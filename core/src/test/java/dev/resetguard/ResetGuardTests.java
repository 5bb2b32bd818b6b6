package dev.resetguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resetguard.ResettingServer.Reply;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.forensics.RetryDecision;
import dev.resetguard.observe.ResetLog;
import dev.resetguard.retry.NonIdempotentRetry;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.retry.Sleeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

class ResetGuardTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<ResetEvent> events = new CopyOnWriteArrayList<>();

	private final List<Long> sleeps = new CopyOnWriteArrayList<>();

	private final List<Exception> thrownByAttempts = new CopyOnWriteArrayList<>();

	private ResettingServer server;

	@AfterEach
	void closeServer() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void callWithoutResetReturnsTheResultAndCountsSuccess() throws Exception {
		this.server = ResettingServer.resettingFirst(0);
		String body = guard(RetrySettings.ofDefaults()).call(peer(), this::get);
		assertThat(body).isEqualTo("ok");
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("success")).isEqualTo(1);
		assertThat(this.registry.find("reset.guard.resets").counters()).isEmpty();
		assertThat(this.registry.find("reset.guard.retries").counters()).isEmpty();
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void resetIsRetriedWithJitteredBackoffUntilTheCallSucceeds() throws Exception {
		this.server = ResettingServer.resettingFirst(2);
		String body = guard(RetrySettings.ofDefaults()).call(peer(), this::get);
		assertThat(body).isEqualTo("ok");
		assertThat(this.server.connections()).isEqualTo(3);
		assertThat(calls("recovered")).isEqualTo(1);
		assertThat(this.registry.get("reset.guard.calls").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(1);
		assertThat(counter("reset.guard.retries", "client", "programmatic", "peer", peer(), "cause", "unknown"))
			.isEqualTo(2);
		assertThat(counter("reset.guard.resets", "client", "programmatic", "peer", peer(), "phase", "unknown", "cause",
				"unknown", "exception", "SocketException"))
			.isEqualTo(2);
		// Random draw 0.5 with jitter 0.5: three quarters of 100ms, then of 200ms.
		assertThat(this.sleeps).containsExactly(ms(75), ms(150));
	}

	@Test
	void everyResetAttemptIsPublishedAsAnEvent() throws Exception {
		this.server = ResettingServer.resettingFirst(2);
		guard(RetrySettings.ofDefaults()).call(peer(), this::get);
		assertThat(this.events).extracting(ResetEvent::attempt).containsExactly(1, 2);
		assertThat(this.events).allSatisfy((event) -> {
			assertThat(event.time()).isEqualTo(NOW);
			assertThat(event.client()).isEqualTo(ClientKind.PROGRAMMATIC);
			assertThat(event.peer()).isEqualTo(peer());
			assertThat(event.phase()).isEqualTo(ResetPhase.UNKNOWN);
			assertThat(event.cause()).isEqualTo(ResetCause.UNKNOWN);
			assertThat(event.signal()).isEqualTo(ResetSignal.RST);
			assertThat(event.exception()).isEqualTo("SocketException");
			assertThat(event.message()).isEqualTo("Connection reset");
			assertThat(event.facts()).isNull();
		});
	}

	@Test
	void resetOnEveryAttemptThrowsTheLastAttemptsExceptionUnchanged() throws Exception {
		this.server = ResettingServer.resettingAll();
		Throwable thrown = catchThrowable(() -> guard(RetrySettings.ofDefaults()).call(peer(), this::get));
		assertThat(this.server.connections()).isEqualTo(3);
		assertThat(this.thrownByAttempts).hasSize(3);
		assertThat(thrown).isSameAs(this.thrownByAttempts.get(2)).isExactlyInstanceOf(SocketException.class)
			.hasMessage("Connection reset")
			.hasNoSuppressedExceptions();
		assertThat(calls("exhausted")).isEqualTo(1);
		assertThat(counter("reset.guard.retries")).isEqualTo(2);
		assertThat(counter("reset.guard.resets")).isEqualTo(3);
		assertThat(this.sleeps).containsExactly(ms(75), ms(150));
	}

	@Test
	void everyResetIsReportedWithItsRetryDecisionBeforeTheBackoff() throws Exception {
		this.server = ResettingServer.resettingAll();
		List<String> decisions = new CopyOnWriteArrayList<>();
		ResetGuard guard = guardBuilder(RetrySettings.ofDefaults())
			.retryDecisionListener((reset, decision, backoffNanos) -> {
				assertThat(reset).isSameAs(this.events.get(this.events.size() - 1));
				assertThat(this.sleeps).hasSize(decisions.size());
				decisions.add(reset.attempt() + " " + decision.tagValue() + " " + backoffNanos);
			})
			.build();
		catchThrowable(() -> guard.call(peer(), this::get));
		assertThat(decisions).containsExactly("1 retried " + ms(75), "2 retried " + ms(150), "3 exhausted 0");
	}

	@Test
	void nonIdempotentResetIsReportedNotRetryable() throws Exception {
		this.server = ResettingServer.resettingAll();
		List<RetryDecision> decisions = new CopyOnWriteArrayList<>();
		ResetGuard guard = guardBuilder(RetrySettings.ofDefaults())
			.retryDecisionListener((reset, decision, backoffNanos) -> decisions.add(decision))
			.build();
		catchThrowable(() -> guard.call(peer(), CallOptions.nonIdempotent(), this::get));
		assertThat(decisions).containsExactly(RetryDecision.NOT_RETRYABLE);
	}

	@Test
	void resetLogWritesOneLinePerRealResetWithTheDecision() throws Exception {
		this.server = ResettingServer.resettingAll();
		ResetLog log = new ResetLog(100);
		ResetGuard guard = guardBuilder(RetrySettings.ofDefaults()).listener(log).build();
		Logger logger = (Logger) LoggerFactory.getLogger(ResetLog.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			catchThrowable(() -> guard.call(peer(), this::get));
		}
		finally {
			logger.detachAppender(appender);
		}
		String prefix = "Connection to " + peer() + " reset (client programmatic, phase unknown, cause unknown, "
				+ "local port unknown, attempt ";
		assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly(prefix + "1): retrying in 75 ms. SocketException: Connection reset",
					prefix + "2): retrying in 150 ms. SocketException: Connection reset",
					prefix + "3): giving up. SocketException: Connection reset");
	}

	@Test
	void wrappedResetIsRetriedAndTheWrapperReachesTheCaller() throws Exception {
		this.server = ResettingServer.resettingAll();
		Throwable thrown = catchThrowable(() -> guard(RetrySettings.ofDefaults()).call(peer(), () -> {
			try {
				return get();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("I/O error on GET request for \"http://" + peer() + "/orders\"", ex);
			}
		}));
		assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketException.class);
		assertThat(this.server.connections()).isEqualTo(3);
		assertThat(this.events).extracting(ResetEvent::exception).containsOnly("SocketException");
	}

	@Test
	void nonIdempotentCallIsNotRetried() throws Exception {
		this.server = ResettingServer.resettingAll();
		Throwable thrown = catchThrowable(
				() -> guard(RetrySettings.ofDefaults()).call(peer(), CallOptions.nonIdempotent(), this::get));
		assertThat(thrown).isSameAs(this.thrownByAttempts.get(0));
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("not-retryable")).isEqualTo(1);
		assertThat(counter("reset.guard.resets")).isEqualTo(1);
		assertThat(counter("reset.guard.retries")).isZero();
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void postIsNotRetriedButPutIs() throws Exception {
		this.server = ResettingServer.resettingFirst(2);
		ResetGuard guard = guard(RetrySettings.ofDefaults());
		assertThatExceptionOfType(SocketException.class)
			.isThrownBy(() -> guard.call(peer(), CallOptions.forMethod("POST"), this::get));
		assertThat(guard.call(peer(), CallOptions.forMethod("PUT"), this::get)).isEqualTo("ok");
		assertThat(this.server.connections()).isEqualTo(3);
		assertThat(calls("not-retryable")).isEqualTo(1);
		assertThat(calls("recovered")).isEqualTo(1);
	}

	@Test
	void nonIdempotentCallWithIdempotencyKeyIsRetried() throws Exception {
		this.server = ResettingServer.resettingFirst(1);
		CallOptions options = CallOptions.nonIdempotent().withIdempotencyKey("order-42");
		assertThat(guard(RetrySettings.ofDefaults()).call(peer(), options, this::get)).isEqualTo("ok");
		assertThat(this.server.connections()).isEqualTo(2);
		assertThat(calls("recovered")).isEqualTo(1);
	}

	@Test
	void blankIdempotencyKeyCountsAsNone() throws Exception {
		this.server = ResettingServer.resettingAll();
		CallOptions options = CallOptions.nonIdempotent().withIdempotencyKey(" ");
		assertThatExceptionOfType(SocketException.class)
			.isThrownBy(() -> guard(RetrySettings.ofDefaults()).call(peer(), options, this::get));
		assertThat(calls("not-retryable")).isEqualTo(1);
	}

	@Test
	void nonIdempotentCallIsRetriedWhenSettingsAllowIt() throws Exception {
		this.server = ResettingServer.resettingFirst(1);
		RetrySettings always = RetrySettings.builder().nonIdempotent(NonIdempotentRetry.ALWAYS).build();
		assertThat(guard(always).call(peer(), CallOptions.nonIdempotent(), this::get)).isEqualTo("ok");
		assertThat(calls("recovered")).isEqualTo(1);
	}

	@Test
	void emptyBudgetStopsRetryingAtOnce() throws Exception {
		this.server = ResettingServer.resettingAll();
		RetrySettings oneRetryPerSecond = RetrySettings.builder().budgetRatio(0.0).budgetMinPerSecond(1).build();
		ResetGuard guard = guardBuilder(oneRetryPerSecond).nanoClock(() -> 42L).build();
		Throwable first = catchThrowable(() -> guard.call(peer(), this::get));
		assertThat(first).isSameAs(this.thrownByAttempts.get(1));
		assertThat(this.server.connections()).isEqualTo(2);
		Throwable second = catchThrowable(() -> guard.call(peer(), this::get));
		assertThat(second).isSameAs(this.thrownByAttempts.get(2));
		assertThat(this.server.connections()).isEqualTo(3);
		assertThat(calls("budget-exhausted")).isEqualTo(2);
		assertThat(counter("reset.guard.retries")).isEqualTo(1);
		assertThat(this.sleeps).hasSize(1);
	}

	@Test
	void interruptDuringBackoffThrowsTheOriginalResetPromptlyAndKeepsTheFlag() throws Exception {
		this.server = ResettingServer.resettingAll();
		RetrySettings slow = RetrySettings.builder()
			.initialBackoff(Duration.ofSeconds(30))
			.maxBackoff(Duration.ofSeconds(30))
			.build();
		CountDownLatch sleeping = new CountDownLatch(1);
		Sleeper sleeper = (nanos) -> {
			sleeping.countDown();
			Sleeper.THREAD.sleep(nanos);
		};
		ResetGuard guard = guardBuilder(slow).sleeper(sleeper).build();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			thrown.set(catchThrowable(() -> guard.call(peer(), this::get)));
			interruptedAfter.set(Thread.currentThread().isInterrupted());
		});
		caller.start();
		assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
		caller.interrupt();
		// The backoff is 30 s: a caller that ends before it would have ended was woken by the interrupt.
		caller.join(Duration.ofSeconds(20).toMillis());
		assertThat(caller.isAlive()).isFalse();
		assertThat(thrown.get()).isSameAs(this.thrownByAttempts.get(0));
		assertThat(interruptedAfter.get()).isTrue();
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("exhausted")).isEqualTo(1);
		assertThat(counter("reset.guard.retries")).isZero();
	}

	@Test
	void interruptedCallerGetsTheResetWithoutARetryEvenWithoutBackoff() throws Exception {
		this.server = ResettingServer.resettingAll();
		// The shortest backoff there is: jittered, 1 ns rounds down to no wait at all.
		RetrySettings noBackoff = RetrySettings.builder()
			.initialBackoff(Duration.ofNanos(1))
			.maxBackoff(Duration.ofNanos(1))
			.build();
		ResetGuard guard = guardBuilder(noBackoff).sleeper(Sleeper.THREAD).build();
		Thread.currentThread().interrupt();
		try {
			Throwable thrown = catchThrowable(() -> guard.call(peer(), this::get));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(thrown).isSameAs(this.thrownByAttempts.get(0));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("exhausted")).isEqualTo(1);
	}

	@Test
	void exceptionThatIsNotAResetIsRethrownAtOnceAndCountsAsFailed() throws Exception {
		this.server = ResettingServer.replying((connection) -> Reply.HANG);
		Throwable thrown = catchThrowable(
				() -> guard(RetrySettings.ofDefaults()).call(peer(), () -> this.server.get(Duration.ofMillis(200))));
		assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("failed")).isEqualTo(1);
		assertThat(calls("success")).isZero();
		assertThat(this.events).isEmpty();
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void exceptionThatIsNotAResetAfterARetriedResetCountsAsFailed() throws Exception {
		this.server = ResettingServer.replying((connection) -> (connection == 1) ? Reply.RESET : Reply.HANG);
		Throwable thrown = catchThrowable(
				() -> guard(RetrySettings.ofDefaults()).call(peer(), () -> this.server.get(Duration.ofMillis(200))));
		assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
		assertThat(this.server.connections()).isEqualTo(2);
		assertThat(calls("failed")).isEqualTo(1);
		assertThat(calls("recovered")).isZero();
		assertThat(counter("reset.guard.retries")).isEqualTo(1);
	}

	@Test
	void errorIsRethrownAtOnce() throws Exception {
		this.server = ResettingServer.resettingFirst(0);
		AssertionError error = new AssertionError("boom");
		Throwable thrown = catchThrowable(() -> guard(RetrySettings.ofDefaults()).call(peer(), () -> {
			throw error;
		}));
		assertThat(thrown).isSameAs(error);
		assertThat(calls("failed")).isEqualTo(1);
	}

	@Test
	void peerSettingsChooseTheAttemptsOfEachPeer() throws Exception {
		this.server = ResettingServer.resettingAll();
		String peer = peer();
		RetrySettings fiveAttempts = RetrySettings.builder().maxAttempts(5).build();
		ResetGuard guard = guardBuilder(RetrySettings.ofDefaults())
			.peerSettings((candidate) -> candidate.equals(peer) ? fiveAttempts : RetrySettings.ofDefaults())
			.build();
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> guard.call(peer, this::get));
		assertThat(this.server.connections()).isEqualTo(5);
		assertThat(calls("exhausted")).isEqualTo(1);
	}

	@Test
	void callSettingsReplaceThePeersSettings() throws Exception {
		this.server = ResettingServer.resettingAll();
		CallOptions once = CallOptions.idempotent().withSettings(RetrySettings.builder().maxAttempts(1).build());
		assertThatExceptionOfType(SocketException.class)
			.isThrownBy(() -> guard(RetrySettings.ofDefaults()).call(peer(), once, this::get));
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(calls("exhausted")).isEqualTo(1);
	}

	@Test
	void failingListenerDoesNotBreakTheCall() throws Exception {
		this.server = ResettingServer.resettingFirst(1);
		ResetGuard guard = guardBuilder(RetrySettings.ofDefaults()).listener((event) -> {
			throw new IllegalStateException("listener bug");
		}).build();
		assertThat(guard.call(peer(), this::get)).isEqualTo("ok");
		assertThat(calls("recovered")).isEqualTo(1);
	}

	@Test
	void peerWithControlCharactersIsRejectedAndTheMessageEscapesThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> guard(RetrySettings.ofDefaults())
			.call("api.internal:443\r\n2026-03-01 WARN forged", () -> "done"))
			.withMessage("peer must be host:port, without scheme, path, credentials or control characters: "
					+ "'api.internal:443\\r\\n2026-03-01 WARN forged'");
	}

	@Test
	void peerWithCredentialsIsRejectedWithoutThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> guard(RetrySettings.ofDefaults())
			.call("admin:s3cret@db.internal:5432", () -> "done"))
			.withMessage("peer must be host:port, without scheme, path, credentials or control characters: "
					+ "'db.internal:5432'");
	}

	@Test
	void peerWithoutPortIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> guard(RetrySettings.ofDefaults())
			.call("https://api.internal/orders", () -> "done"))
			.withMessage("peer must be host:port, without scheme, path, credentials or control characters: "
					+ "'https://api.internal/orders'");
	}

	@Test
	void ipv6PeerIsAccepted() throws Exception {
		assertThat(guard(RetrySettings.ofDefaults()).call("[::1]:8080", () -> "done")).isEqualTo("done");
	}

	@Test
	void defaultsRunACallThatIsNotReset() throws Exception {
		assertThat(ResetGuard.builder().build().call("localhost:80", () -> "done")).isEqualTo("done");
	}

	private ResetGuard guard(RetrySettings settings) {
		return guardBuilder(settings).build();
	}

	private ResetGuard.Builder guardBuilder(RetrySettings settings) {
		return ResetGuard.builder()
			.settings(settings)
			.meterRegistry(this.registry)
			.listener(this.events::add)
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.sleeper(this.sleeps::add)
			.random(() -> 0.5);
	}

	private String get() throws IOException {
		try {
			return this.server.get();
		}
		catch (IOException ex) {
			this.thrownByAttempts.add(ex);
			throw ex;
		}
	}

	private String peer() {
		return this.server.peer();
	}

	private double calls(String outcome) {
		return counter("reset.guard.calls", "client", "programmatic", "peer", peer(), "outcome", outcome);
	}

	private double counter(String name, String... tags) {
		return this.registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	// Stands in for ResetClassifier while it is being written: an RST as the JDK's sockets report it.

}
