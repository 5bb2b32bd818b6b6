package dev.resetguard.reliability.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WARN and ERROR lines logged while it is attached to the root logger, so a test can look for a
 * listener failure, a dropped error or an exception that reached the end of a Netty pipeline. Attach it
 * after the application started: Spring Boot resets Logback's appenders when it initializes logging.
 */
final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private static final int MAX_KEPT = 500;

	private final List<String> kept = new ArrayList<>();

	private final AtomicLong warnings = new AtomicLong();

	private CapturedLogs() {
	}

	/**
	 * Start capturing.
	 */
	static CapturedLogs attach() {
		CapturedLogs logs = new CapturedLogs();
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		logs.setContext(context);
		logs.setName("reliability-load-capture");
		logs.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
		return logs;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
			return;
		}
		this.warnings.incrementAndGet();
		IThrowableProxy throwable = event.getThrowableProxy();
		String line = event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
				+ ((throwable != null) ? " [" + throwable.getClassName() + ": " + throwable.getMessage() + "]" : "");
		synchronized (this.kept) {
			if (this.kept.size() < MAX_KEPT) {
				this.kept.add(line);
			}
		}
	}

	/**
	 * Return the lines kept so far (at most a few hundred) that contain any of the given fragments.
	 */
	List<String> linesContaining(String... fragments) {
		List<String> matching = new ArrayList<>();
		synchronized (this.kept) {
			for (String line : this.kept) {
				for (String fragment : fragments) {
					if (line.contains(fragment)) {
						matching.add(line);
						break;
					}
				}
			}
		}
		return matching;
	}

	/**
	 * Return the number of WARN and ERROR lines seen.
	 */
	long warnings() {
		return this.warnings.get();
	}

	@Override
	public void close() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this);
		stop();
	}

}
