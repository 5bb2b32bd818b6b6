package dev.resetguard.web.reactive;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Installs BlockHound once per JVM, recording every blocking call made on a thread that must not block
 * (Netty event loops, Reactor's parallel schedulers) instead of throwing, so that a test can assert
 * there were none, with the stack that made each.
 */
final class BlockingCalls {

	private static final List<String> calls = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	private BlockingCalls() {
	}

	/**
	 * Install BlockHound with the integrations on the class path (Reactor, Netty), unless done already.
	 * Skips the calling tests outside the JVM the build sets up for them (the {@code blockhound} execution),
	 * for example when {@code -Dtest} selects them for the default one too.
	 */
	static synchronized void install() {
		assumeTrue(Boolean.getBoolean("reset-guard.blockhound"), "BlockHound tests run in a JVM of their own");
		if (installed) {
			return;
		}
		BlockHound.builder()
			.loadIntegrations()
			// The tests' own logging, logback writing to the console, is not the code under test.
			.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
			.blockingMethodCallback(BlockingCalls::record)
			.install();
		installed = true;
	}

	// A pool worker parked in getTask waits for work and blocks no task. Reactor's integration allows that
	// wait, but only in a call to the work queue made after BlockHound was installed: a worker of a
	// scheduler that an earlier test in this JVM started may still be in the call it made before.
	private static void record(BlockingMethod method) {
		StackTraceElement[] stack = new Throwable().getStackTrace();
		boolean idleWorker = Arrays.stream(stack)
			.anyMatch((frame) -> "java.util.concurrent.ThreadPoolExecutor".equals(frame.getClassName())
					&& "getTask".equals(frame.getMethodName()));
		if (idleWorker) {
			return;
		}
		calls.add(method + " on " + Thread.currentThread().getName() + "\n"
				+ Arrays.stream(stack).limit(40).map((frame) -> "\tat " + frame).collect(Collectors.joining("\n")));
	}

	/**
	 * Return the blocking calls recorded since the last drain, and forget them.
	 * @return the calls, each with its stack
	 */
	static List<String> drain() {
		List<String> recorded = List.copyOf(calls);
		calls.clear();
		return recorded;
	}

}
