package dev.resetguard.classify;

import java.lang.reflect.Constructor;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Builds the exceptions of client libraries exactly as the libraries do, for the constructed tests,
 * including those whose constructors the libraries keep to themselves.
 */
final class LibraryExceptions {

	static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 41234);

	private LibraryExceptions() {
	}

	static PrematureCloseException prematureClose(String message) {
		return construct(PrematureCloseException.class, new Class<?>[] { String.class }, message);
	}

	static ConnectException annotatedConnect(ConnectException cause) {
		return construct(nettyClass("io.netty.channel.AbstractChannel$AnnotatedConnectException"),
				new Class<?>[] { ConnectException.class, SocketAddress.class }, cause, PEER);
	}

	static SocketException annotatedSocket(SocketException cause) {
		return construct(nettyClass("io.netty.channel.AbstractChannel$AnnotatedSocketException"),
				new Class<?>[] { SocketException.class, SocketAddress.class }, cause, PEER);
	}

	/**
	 * Create Netty's own native I/O exception; its message comes from this machine's errno table,
	 * loaded with the epoll transport.
	 */
	static Errors.NativeIoException nativeIo(String method, int negatedErrno) {
		assumeThat(Epoll.isAvailable()).as("Netty's native epoll transport is needed to build NativeIoException")
			.isTrue();
		return new Errors.NativeIoException(method, negatedErrno);
	}

	static WebClientRequestException webClientRequest(Throwable cause) {
		return new WebClientRequestException(cause, HttpMethod.GET, URI.create("http://127.0.0.1:41234/s1"),
				new HttpHeaders());
	}

	/**
	 * Add what Reactor's {@code block()} adds to the error it rethrows.
	 */
	static <T extends Throwable> T blocked(T throwable) {
		throwable.addSuppressed(new Exception("#block terminated with an error"));
		return throwable;
	}

	static <T extends Throwable> T causedBy(T throwable, Throwable cause) {
		throwable.initCause(cause);
		return throwable;
	}

	private static Class<?> nettyClass(String name) {
		try {
			return Class.forName(name, false, LibraryExceptions.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T construct(Class<?> type, Class<?>[] parameterTypes, Object... arguments) {
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
			constructor.setAccessible(true);
			return (T) constructor.newInstance(arguments);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot construct " + type.getName(), ex);
		}
	}

}
