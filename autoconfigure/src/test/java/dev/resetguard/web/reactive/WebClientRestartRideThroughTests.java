package dev.resetguard.web.reactive;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resetguard.autoconfigure.ResetGuardAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardCoreAutoConfiguration;
import dev.resetguard.autoconfigure.ResetGuardWebClientAutoConfiguration;
import dev.resetguard.test.ChaosServer;
import dev.resetguard.test.ChaosServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream restarting under 8 concurrent WebClient callers (Reactor Netty, pooled keep-alive): the
 * restart resets every in-flight connection, then the port refuses connections for a second. With
 * ride-through the calls wait, without blocking any event loop, behind one probe; without it they
 * spend their attempts in the gap.
 */
@ExtendWith(ChaosServerExtension.class)
class WebClientRestartRideThroughTests {

	private static final Logger logger = LoggerFactory.getLogger(WebClientRestartRideThroughTests.class);

	private static final int CALLERS = 8;

	private static final Duration PACE = Duration.ofMillis(20);

	// Long enough that nearly every caller has a call in flight when the restart resets the connections:
	// the pool drops an idle connection's reset unseen, and a restart shows as resets of calls in flight.
	private static final Duration SERVER_DELAY = Duration.ofMillis(200);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResetGuardAutoConfiguration.class,
				ResetGuardCoreAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ResetGuardWebClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void rideThroughKeepsAlmostEveryCallAlive(ChaosServer server) {
		this.contextRunner.withPropertyValues("reset-guard.restart.ride-through=true").run((context) -> {
			assertThat(callThroughARestart(context, server, "on")).isGreaterThanOrEqualTo(0.95);
		});
	}

	@Test
	void withoutRideThroughCallsFailInTheGap(ChaosServer server) {
		this.contextRunner.withPropertyValues("reset-guard.restart.ride-through=false").run((context) -> {
			assertThat(callThroughARestart(context, server, "off")).isLessThan(0.9);
		});
	}

	private double callThroughARestart(AssertableApplicationContext context, ChaosServer server, String rideThrough)
			throws Exception {
		WebClient client = context.getBean(WebClient.Builder.class).build();
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		int callsPerCaller = (int) (Duration.ofSeconds(8).toMillis() / PACE.plus(SERVER_DELAY).toMillis());
		// Each caller makes one paced call after another, so a call failing fast does not add calls.
		Flux<Void> callers = Flux.range(0, CALLERS)
			.flatMap((caller) -> Flux.range(0, callsPerCaller)
				.concatMap((call) -> Mono.delay(PACE)
					.then(client.get().uri(server.url("/delay/" + SERVER_DELAY.toMillis())).retrieve().bodyToMono(String.class))
					.doOnNext((body) -> successes.incrementAndGet())
					.onErrorResume((failure) -> {
						failures.incrementAndGet();
						return Mono.empty();
					}))
				.then());
		Mono<Void> done = callers.then().cache();
		done.subscribe();
		awaitCallsUnderWay(successes);
		server.restart(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
		done.block(Duration.ofSeconds(30));
		int calls = successes.get() + failures.get();
		double successRate = (double) successes.get() / calls;
		logger.info(String.format(Locale.ROOT,
				"WebClient restart under %d callers, ride-through %s: calls=%d, successes=%.1f%%, requests seen by the peer=%d (%.3f per call)",
				CALLERS, rideThrough, calls, 100 * successRate, server.ledger().requests().size(),
				(double) server.ledger().requests().size() / calls));
		return successRate;
	}


	// The restart must meet calls in flight, so it waits for every caller to be under way rather than for a
	// fixed time: on a loaded machine the first calls of a cold client can take longer than a second.
	static void awaitCallsUnderWay(AtomicInteger successes) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (successes.get() < 2 * CALLERS) {
			assertThat(System.nanoTime() - deadline).as("callers under way within 20 s").isNegative();
			Thread.sleep(10);
		}
		Thread.sleep(300);
	}

}
