package dev.resetguard.forensics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what must never leave the process from an exception message before it reaches an event,
 * a log line or a tag: the user info, query string and fragment of every URL in it. Client wrappers
 * such as {@code ResourceAccessException} quote the full request URL, credentials and tokens included.
 */
public final class SanitizedMessage {

	private static final Pattern URL = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\\s\"'@]*@)?([^?#\\s\"']*)([?#][^\\s\"']*)?");

	private static final int MAX_LENGTH = 512;

	private SanitizedMessage() {
	}

	/**
	 * Return the throwable's message with URL user info, query strings and fragments removed, cut to
	 * a bounded length.
	 * @param throwable the throwable, may be {@code null}
	 * @return the sanitized message, or {@code null} if there is none
	 */
	public static String of(Throwable throwable) {
		return (throwable != null) ? of(throwable.getMessage()) : null;
	}

	/**
	 * Return the message with URL user info, query strings and fragments removed, cut to a bounded length.
	 * @param message the message, may be {@code null}
	 * @return the sanitized message, or {@code null} if there is none
	 */
	public static String of(String message) {
		if (message == null) {
			return null;
		}
		String sanitized = (message.indexOf("://") >= 0) ? stripUrlSecrets(message) : message;
		return (sanitized.length() > MAX_LENGTH) ? sanitized.substring(0, MAX_LENGTH) + "..." : sanitized;
	}

	private static String stripUrlSecrets(String message) {
		Matcher matcher = URL.matcher(message);
		StringBuilder result = new StringBuilder(message.length());
		while (matcher.find()) {
			matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(1) + matcher.group(3)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
