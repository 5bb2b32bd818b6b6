package dev.resetguard.classify;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the class of an I/O exception says about a reset, found once per class from the class
 * names in its hierarchy, so that no client library has to be on the class path. A name matches
 * with or without a relocation prefix, so shaded copies (such as gRPC's shaded Netty) are
 * recognized too.
 */
final class ExceptionType {

	private static final String[] PREMATURE_CLOSE_TYPES = {
			// Reactor Netty: the connection closed before or during the response, with or without a cause
			"reactor.netty.http.client.PrematureCloseException",
			// Apache HttpClient 5: end of stream where a status line was due (stale connection closed by FIN)
			"org.apache.hc.core5.http.NoHttpResponseException",
			// Apache HttpClient 5: end of stream inside a chunk
			"org.apache.hc.core5.http.TruncatedChunkException",
			// Jetty: an end of stream received from the connection, as Jetty tells it apart from other EOFs.
			// Its client turns an RST into an end of stream and closes the endpoint, so a request written
			// to a connection the peer reset on accept fails as EofException(ClosedChannelException)
			"org.eclipse.jetty.io.EofException" };

	private static final String NATIVE_IO_EXCEPTION_TYPE = "io.netty.channel.unix.Errors$NativeIoException";

	private static final MethodType ERRNO_ACCESSOR_TYPE = MethodType.methodType(int.class, Throwable.class);

	private static final ExceptionType PLAIN = new ExceptionType(null, null);

	private static final ExceptionType PREMATURE_CLOSE = new ExceptionType(ResetSignal.PREMATURE_CLOSE, null);

	private static final ClassValue<ExceptionType> TYPES = new ClassValue<>() {

		@Override
		protected ExceptionType computeValue(Class<?> type) {
			return inspect(type);
		}

	};

	private final @Nullable ResetSignal signal;

	private final @Nullable MethodHandle errnoAccessor;

	private ExceptionType(@Nullable ResetSignal signal, @Nullable MethodHandle errnoAccessor) {
		this.signal = signal;
		this.errnoAccessor = errnoAccessor;
	}

	/**
	 * Return what is known about an exception class.
	 * @param type the exception class
	 * @return the facts about it, computed on first use and cached
	 */
	static ExceptionType of(Class<?> type) {
		return TYPES.get(type);
	}

	private static ExceptionType inspect(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			String name = candidate.getName();
			for (String prematureCloseType : PREMATURE_CLOSE_TYPES) {
				if (isNamed(name, prematureCloseType)) {
					return PREMATURE_CLOSE;
				}
			}
			if (isNamed(name, NATIVE_IO_EXCEPTION_TYPE)) {
				MethodHandle errnoAccessor = errnoAccessor(candidate);
				return (errnoAccessor != null) ? new ExceptionType(null, errnoAccessor) : PLAIN;
			}
		}
		return PLAIN;
	}

	private static boolean isNamed(String name, String expected) {
		return name.endsWith(expected) && (name.length() == expected.length()
				|| name.charAt(name.length() - expected.length() - 1) == '.');
	}

	private static @Nullable MethodHandle errnoAccessor(Class<?> nativeIoException) {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(nativeIoException, "expectedErr", MethodType.methodType(int.class))
				.asType(ERRNO_ACCESSOR_TYPE);
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			// A Netty version without a public expectedErr(): the errno is still in the message
			return null;
		}
	}

	/**
	 * Return the reset signal that the class alone shows, whatever the message.
	 * @return the signal, {@code null} if the class alone does not show a reset
	 */
	@Nullable ResetSignal signal() {
		return this.signal;
	}

	/**
	 * Return whether exceptions of this class expose their errno.
	 * @return {@code true} if {@link #errno(Throwable)} can be called
	 */
	boolean hasErrno() {
		return this.errnoAccessor != null;
	}

	/**
	 * Return the negated errno that an exception of this class reports.
	 * @param exception the exception, an instance of this class
	 * @return the negated errno
	 */
	int errno(Throwable exception) {
		try {
			MethodHandle accessor = Objects.requireNonNull(this.errnoAccessor, "class exposes no errno");
			return (int) accessor.invokeExact(exception);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

}
