package dev.resetguard.reliability.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every exception that reaches the default uncaught exception handler while installed, then puts
 * the previous handler back.
 */
final class UncaughtExceptions implements Thread.UncaughtExceptionHandler, AutoCloseable {

	private final Thread.UncaughtExceptionHandler previous;

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private UncaughtExceptions() {
		this.previous = Thread.getDefaultUncaughtExceptionHandler();
	}

	static UncaughtExceptions install() {
		UncaughtExceptions recorder = new UncaughtExceptions();
		Thread.setDefaultUncaughtExceptionHandler(recorder);
		return recorder;
	}

	@Override
	public void uncaughtException(Thread thread, Throwable ex) {
		this.seen.add(thread.getName() + ": " + ex);
	}

	List<String> seen() {
		return List.copyOf(this.seen);
	}

	@Override
	public void close() {
		Thread.setDefaultUncaughtExceptionHandler(this.previous);
	}

}
