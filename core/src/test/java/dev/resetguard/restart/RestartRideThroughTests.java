package dev.resetguard.restart;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.resetguard.classify.ConnectionRefusal;
import dev.resetguard.classify.ResetSignal;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.forensics.ResetCause;
import dev.resetguard.forensics.ResetEvent;
import dev.resetguard.forensics.ResetPhase;
import dev.resetguard.retry.RetrySettings;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate and its probe, against a real chaos server that restarts: its port refuses connections
 * during the downtime and accepts them again afterwards.
 */
@ExtendWith(ChaosServerExtension.class)
class RestartRideThroughTests {

	private static final RetrySettings FAST_PROBES = RetrySettings.builder()
		.initialBackoff(Duration.ofMillis(50))
		.maxBackoff(Duration.ofMillis(200))
		.build();

	private final AtomicInteger probesInFlight = new AtomicInteger();

	private final AtomicInteger mostProbesInFlight = new AtomicInteger();

	private RestartRideThrough rideThrough;

	@AfterEach
	void close() {
		if (this.rideThrough != null) {
			this.rideThrough.close();
		}
	}

	@Test
	void waitingCallsGoAheadOnceTheProbeConnectsAndOnlyOneProbeRunsAtATime(ChaosServer server) throws Exception {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES,
				countingProbe(PeerProbe.tcpConnect(Duration.ofSeconds(1))));
		String peer = peer(server);
		CompletableFuture<Void> back = server.restart(Duration.ofMillis(800));
		long start = System.nanoTime();
		this.rideThrough.restarting(peer);
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> waits = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				waits.add(callers.submit(() -> this.rideThrough.awaitReady(peer)));
			}
			Thread.sleep(200);
			RestartState state = this.rideThrough.states().get(0);
			assertThat(state.peer()).isEqualTo(peer);
			assertThat(state.waitingCalls()).isEqualTo(8);
			for (Future<Boolean> wait : waits) {
				assertThat(wait.get(5, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(back).isDone();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
		assertThat(this.mostProbesInFlight.get()).isEqualTo(1);
		assertThat(this.rideThrough.isRestarting(peer)).isFalse();
	}

	@Test
	void aBlackHoledPeerDoesNotHoldUpTheProbeOfAnother(ChaosServer server) throws Exception {
		try (BlackHole blackHole = BlackHole.open()) {
			// The probe's connect timeout outlasts the wait: a probe stuck on the black hole must hold up nobody.
			this.rideThrough = new RestartRideThrough(Duration.ofSeconds(3), (peer) -> FAST_PROBES,
					countingProbe(PeerProbe.tcpConnect(Duration.ofSeconds(10))));
			this.rideThrough.restarting(blackHole.peer());
			awaitProbeStarted(blackHole.peer());
			this.rideThrough.restarting(peer(server));
			assertThat(this.rideThrough.awaitReady(peer(server))).isTrue();
			assertThat(this.rideThrough.isRestarting(blackHole.peer())).isTrue();
		}
	}

	@Test
	void aPeerSeenRestartingAfterCloseIsNoIncident() throws InterruptedException {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(30), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		this.rideThrough.close();
		this.rideThrough.restarting("api.internal:443");
		assertThat(this.rideThrough.isRestarting("api.internal:443")).isFalse();
		assertThat(this.rideThrough.awaitReady("api.internal:443")).isTrue();
	}

	@Test
	void waitEndsAfterMaxWaitWhenThePeerStaysDown() throws InterruptedException {
		this.rideThrough = new RestartRideThrough(Duration.ofMillis(300), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		this.rideThrough.restarting("down:1");
		long start = System.nanoTime();
		assertThat(this.rideThrough.awaitReady("down:1")).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (this.rideThrough.isRestarting("down:1") && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.rideThrough.isRestarting("down:1")).as("the incident ends after max-wait").isFalse();
	}

	@Test
	void reactiveWaitCompletesWithoutBlockingTheCaller(ChaosServer server) throws Exception {
		// No probe may reach the peer before whenReady returns: had it waited for the peer, it would never return.
		CountDownLatch returned = new CountDownLatch(1);
		PeerProbe tcpConnect = PeerProbe.tcpConnect(Duration.ofSeconds(1));
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
			try {
				returned.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			tcpConnect.probe(peer);
		});
		String peer = peer(server);
		server.restart(Duration.ofMillis(400));
		this.rideThrough.restarting(peer);
		CompletableFuture<Boolean> ready = this.rideThrough.whenReady(peer);
		assertThat(ready).isNotDone();
		returned.countDown();
		assertThat(ready.get(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void reactiveWaitTimesOutWithFalse() throws Exception {
		this.rideThrough = new RestartRideThrough(Duration.ofMillis(200), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		this.rideThrough.restarting("down:1");
		assertThat(this.rideThrough.whenReady("down:1").get(5, TimeUnit.SECONDS)).isFalse();
	}

	@Test
	void aSuccessfulCallOpensTheGate() throws Exception {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		long startedBefore = System.nanoTime();
		this.rideThrough.restarting("p:1");
		CompletableFuture<Boolean> ready = this.rideThrough.whenReady("p:1");
		this.rideThrough.callSucceeded("p:1", startedBefore);
		assertThat(this.rideThrough.isRestarting("p:1")).as("an answer to an attempt older than the restart").isTrue();
		this.rideThrough.callSucceeded("p:1", System.nanoTime());
		assertThat(ready.get(1, TimeUnit.SECONDS)).isTrue();
		assertThat(this.rideThrough.isRestarting("p:1")).isFalse();
	}

	@Test
	void onlyAPeerRestartResetStartsRidingThrough() {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
		});
		this.rideThrough.onReset(event("a:1", ResetCause.REQUEST_REJECTED));
		this.rideThrough.onReset(event("b:1", ResetCause.STALE_CONNECTION));
		assertThat(this.rideThrough.states()).isEmpty();
		this.rideThrough.onReset(event("c:1", ResetCause.PEER_RESTART));
		assertThat(this.rideThrough.isRestarting("c:1")).isTrue();
	}

	@Test
	void aConnectRefusedSoonAfterAnyResetOfThePeerStartsRidingThrough() {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		assertThat(this.rideThrough.connectRefused("other:1")).as("a peer that reset nothing").isFalse();
		assertThat(this.rideThrough.isRestarting("other:1")).isFalse();
		this.rideThrough.onReset(event("a:1", ResetCause.REQUEST_REJECTED));
		assertThat(this.rideThrough.isRestarting("a:1")).as("one reset is no restart").isFalse();
		assertThat(this.rideThrough.connectRefused("a:1")).isTrue();
		assertThat(this.rideThrough.isRestarting("a:1")).isTrue();
	}

	@Test
	void aConnectRefusedSoonAfterAResetHeldForItsCauseStartsRidingThrough() {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		});
		this.rideThrough.onResetHeld(event("a:1", ResetCause.REQUEST_REJECTED));
		assertThat(this.rideThrough.connectRefused("a:1")).isTrue();
		assertThat(this.rideThrough.isRestarting("a:1")).isTrue();
	}

	@Test
	void aConnectRefusedLongAfterThePeersLastResetIsNoRestart() {
		AtomicLong now = new AtomicLong();
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
			throw new ConnectException("Connection refused");
		}, 100, Clock.systemUTC(), now::get);
		this.rideThrough.onReset(event("a:1", ResetCause.REQUEST_REJECTED));
		now.addAndGet(RestartRideThrough.REFUSED_AFTER_RESET_WINDOW.toNanos() + 1);
		assertThat(this.rideThrough.connectRefused("a:1")).isFalse();
		assertThat(this.rideThrough.isRestarting("a:1")).isFalse();
	}

	@Test
	void peersWithRecentResetsStayBounded() {
		int maxPeers = 100;
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
		}, maxPeers);
		for (int i = 0; i < 3 * maxPeers; i++) {
			this.rideThrough.onReset(event("peer-" + i + ":1", ResetCause.REQUEST_REJECTED));
		}
		assertThat(this.rideThrough.peersWithRecentResets()).isLessThanOrEqualTo(maxPeers);
	}

	@Test
	void peerThatIsNotRestartingIsReadyAtOnce() throws InterruptedException {
		this.rideThrough = new RestartRideThrough(Duration.ofSeconds(5), (peer) -> FAST_PROBES, (peer) -> {
		});
		assertThat(this.rideThrough.awaitReady("p:1")).isTrue();
		assertThat(this.rideThrough.whenReady("p:1")).isCompletedWithValue(Boolean.TRUE);
	}

	@Test
	void refusalIsRecognisedThroughWrappers() {
		assertThat(ConnectionRefusal.isRefused(new IOException("wrapped", new ConnectException("Connection refused"))))
			.isTrue();
		assertThat(ConnectionRefusal.isRefused(
				new ConnectException("finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1")))
			.isTrue();
		assertThat(ConnectionRefusal.isRefused(new ConnectException("Connection reset by peer"))).isFalse();
		assertThat(ConnectionRefusal.isRefused(null)).isFalse();
	}

	private void awaitProbeStarted(String peer) throws InterruptedException {
		while (this.rideThrough.states().stream().noneMatch((state) -> state.peer().equals(peer) && state.probes() > 0)) {
			Thread.sleep(5);
		}
	}

	private PeerProbe countingProbe(PeerProbe probe) {
		return (peer) -> {
			this.mostProbesInFlight.accumulateAndGet(this.probesInFlight.incrementAndGet(), Math::max);
			try {
				probe.probe(peer);
			}
			finally {
				this.probesInFlight.decrementAndGet();
			}
		};
	}

	private static String peer(ChaosServer server) {
		return server.host() + ":" + server.port();
	}

	private static ResetEvent event(String peer, ResetCause cause) {
		return new ResetEvent(Instant.now(), ClientKind.SOCKET, peer, ResetPhase.AWAITING_RESPONSE, cause,
				ResetSignal.RST, "SocketException", "Connection reset", null, 1);
	}

}
