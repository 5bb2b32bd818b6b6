package dev.resetguard.forensics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes what must never leave the process from an exception message before it reaches an event,
 * a log line or a tag: the user info, query string and fragment of every URL in it, credentials written
 * {@code user:password@host} without a scheme, and {@code password=} style parameters (JDBC URLs put them
 * after a {@code ;}). Client wrappers such as {@code ResourceAccessException} quote the full request URL,
 * credentials and tokens included. Control characters (CR, LF and the like) are escaped, so that a message
 * cannot forge a log line of its own.
 */
public final class SanitizedMessage {

	private static final Pattern URL = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\\s\"'@]*@)?([^?#\\s\"']*)([?#][^\\s\"']*)?");

	private static final Pattern USER_INFO = Pattern.compile("(?<=^|[\\s\"'(<,;=\\[])[^\\s/@:\"'<>()\\[\\]]+:[^\\s/@\"'<>]*@(?=[\\w\\[])");

	private static final Pattern SECRET_PARAMETER = Pattern.compile(
			"[;&?]\\s*(?:password|passwd|pwd|secret|token|access_token|api[_-]?key)\\s*=[^;&\\s\"']*",
			Pattern.CASE_INSENSITIVE);

	private static final int MAX_LENGTH = 512;

	private SanitizedMessage() {
	}

	/**
	 * Return the throwable's message sanitized as {@link #of(String)} does.
	 * @param throwable the throwable
	 * @return the sanitized message, {@code null} if there is none
	 */
	public static @Nullable String of(@Nullable Throwable throwable) {
		return (throwable != null) ? of(throwable.getMessage()) : null;
	}

	/**
	 * Return the message with URL user info, query strings and fragments, {@code user:password@} credentials
	 * and {@code password=} style parameters removed, control characters escaped, cut to a bounded length.
	 * @param message the message
	 * @return the sanitized message, {@code null} if there is none
	 */
	public static @Nullable String of(@Nullable String message) {
		if (message == null) {
			return null;
		}
		String sanitized = (message.indexOf("://") >= 0) ? stripUrlSecrets(message) : message;
		if (sanitized.indexOf('@') >= 0) {
			sanitized = USER_INFO.matcher(sanitized).replaceAll("");
		}
		if (sanitized.indexOf('=') >= 0) {
			sanitized = SECRET_PARAMETER.matcher(sanitized).replaceAll("");
		}
		if (sanitized.length() > MAX_LENGTH) {
			sanitized = sanitized.substring(0, MAX_LENGTH) + "...";
		}
		return escapeControlCharacters(sanitized);
	}

	/**
	 * Return the text with every control character escaped: CR, LF and tab as {@code \r}, {@code \n} and
	 * {@code \t}, the other C0 and C1 controls, DEL and the Unicode line and paragraph separators as
	 * {@code \}{@code uXXXX}. Text without any is returned as it is.
	 * @param text the text
	 * @return the text, safe to write on one line of a log, a JSON document or a metric tag
	 */
	public static String escapeControlCharacters(String text) {
		int first = firstControlCharacter(text);
		if (first < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isControl(c)) {
				escaped.append(c);
			}
			else if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (c == '\t') {
				escaped.append("\\t");
			}
			else {
				escaped.append(String.format("\\u%04x", (int) c));
			}
		}
		return escaped.toString();
	}

	private static int firstControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isControl(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
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
