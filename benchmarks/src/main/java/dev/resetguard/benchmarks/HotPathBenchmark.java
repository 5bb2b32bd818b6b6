package dev.resetguard.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.resetguard.forensics.CallOutcome;
import dev.resetguard.forensics.ClientKind;
import dev.resetguard.metrics.ResetGuardMetrics;
import dev.resetguard.retry.Backoff;
import dev.resetguard.retry.RetrySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steps every call or retry takes, which must not allocate: counting a call's outcome on its existing
 * counter and computing a backoff delay. Run with {@code -prof gc} and read {@code gc.alloc.rate.norm}
 * (0 B per operation expected); these budgets were asserted in unit tests before, where a loaded machine
 * made them flaky.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HotPathBenchmark {

	private static final String PEER = "payments.internal:443";

	private final ResetGuardMetrics metrics = new ResetGuardMetrics(new SimpleMeterRegistry());

	private final Backoff backoff = Backoff.of(RetrySettings.ofDefaults());

	private int attempt;

	/** Count a successful call of a peer whose counter exists. */
	@Benchmark
	public void recordSuccessfulCall() {
		this.metrics.recordCall(ClientKind.PROGRAMMATIC, PEER, CallOutcome.SUCCESS);
	}

	/**
	 * Compute the delay before a retry.
	 * @return the delay in nanoseconds, consumed by JMH
	 */
	@Benchmark
	public long backoffDelay() {
		this.attempt = (this.attempt % 8) + 1;
		return this.backoff.delayNanos(this.attempt);
	}

}
