package dev.resetguard.classify;

import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static dev.resetguard.classify.LibraryExceptions.nativeIo;
import static dev.resetguard.classify.LibraryExceptions.webClientRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The classifier must not allocate for throwables that are not resets: it runs on every failed call.
 */
class ResetClassifierAllocationTests {

	private static final int WARM_UP_CALLS = 50_000;

	private static final int MEASURED_CALLS = 10_000;

	@Test
	void classifyingNonResetsAllocatesNothing() {
		com.sun.management.ThreadMXBean threads = threadMXBean();
		Throwable[] nonResets = {
				new ResourceAccessException("I/O error", new SocketTimeoutException("Read timed out")),
				new ResourceAccessException("I/O error", new ConnectException("Connection refused")),
				webClientRequest(new ConnectTimeoutException("connection timed out after 10 ms: /127.0.0.1:1")),
				webClientRequest(new ConnectException("finishConnect(..) failed with error(-111): Connection refused")),
				webClientRequest(nativeIo("finishConnect", -111)),
				new ResourceAccessException("I/O error", new UnknownHostException("nonexistent.invalid")),
				new HttpServerErrorException(HttpStatus.INTERNAL_SERVER_ERROR) };
		ResetClassifier classifier = ResetClassifier.standard();
		int resets = 0;
		for (int i = 0; i < WARM_UP_CALLS; i++) {
			resets += classifier.classify(nonResets[i % nonResets.length]).isReset() ? 1 : 0;
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < MEASURED_CALLS; i++) {
			resets += classifier.classify(nonResets[i % nonResets.length]).isReset() ? 1 : 0;
		}
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(resets).isZero();
		// A single allocation per call would be at least 16 bytes a call, 160 KB in all; the margin leaves
		// room for one-off allocations of the JIT or a deoptimisation in the loop (4.4 KB seen under load)
		assertThat(allocated).as("bytes allocated by %d classifications", MEASURED_CALLS).isLessThan(64 * 1024);
	}

	private static com.sun.management.ThreadMXBean threadMXBean() {
		assumeThat(ManagementFactory.getThreadMXBean()).as("a JVM that measures per-thread allocation")
			.isInstanceOf(com.sun.management.ThreadMXBean.class);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
		threads.setThreadAllocatedMemoryEnabled(true);
		return threads;
	}

}
