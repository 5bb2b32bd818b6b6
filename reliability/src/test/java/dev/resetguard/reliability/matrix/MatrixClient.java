package dev.resetguard.reliability.matrix;

import dev.resetguard.forensics.ClientKind;

/**
 * Every client Reset Guard decorates, as the row groups of the fault matrix and the confusion matrix:
 * RestClient on each request factory Boot supports, RestTemplate, WebClient on both Netty transports, and
 * the two socket factories carrying raw HTTP/1.1 inside {@code ResetGuard.call}.
 */
public enum MatrixClient {

	/** RestClient over Apache HttpClient 5, Boot's default factory. */
	REST_CLIENT_HTTP_COMPONENTS("RestClient · HttpComponents", ClientKind.REST_CLIENT, "http-components"),

	/** RestClient over the JDK's HttpClient. */
	REST_CLIENT_JDK("RestClient · JDK HttpClient", ClientKind.REST_CLIENT, "jdk"),

	/** RestClient over Reactor Netty's blocking request factory. */
	REST_CLIENT_REACTOR("RestClient · Reactor Netty", ClientKind.REST_CLIENT, "reactor"),

	/** RestClient over Jetty's HttpClient. */
	REST_CLIENT_JETTY("RestClient · Jetty", ClientKind.REST_CLIENT, "jetty"),

	/** RestClient over HttpURLConnection. */
	REST_CLIENT_SIMPLE("RestClient · Simple (HttpURLConnection)", ClientKind.REST_CLIENT, "simple"),

	/** RestTemplate over Boot's default factory, Apache HttpClient 5. */
	REST_TEMPLATE("RestTemplate · HttpComponents", ClientKind.REST_TEMPLATE, null),

	/** WebClient over Reactor Netty on the native epoll transport, its default on Linux. */
	WEB_CLIENT_EPOLL("WebClient · Reactor Netty epoll", ClientKind.WEB_CLIENT, null),

	/** WebClient over Reactor Netty forced onto NIO. */
	WEB_CLIENT_NIO("WebClient · Reactor Netty NIO", ClientKind.WEB_CLIENT, null),

	/** Raw HTTP/1.1 over {@code resetGuardSocketFactory}, each call inside {@code ResetGuard.call}. */
	SOCKET_FACTORY("SocketFactory · raw HTTP in ResetGuard.call", ClientKind.PROGRAMMATIC, null),

	/** Raw HTTP/1.1 over TLS from {@code resetGuardSslSocketFactory}, each call inside {@code ResetGuard.call}. */
	SSL_SOCKET_FACTORY("SSLSocketFactory · raw HTTPS in ResetGuard.call", ClientKind.PROGRAMMATIC, null);

	private final String title;

	private final ClientKind kind;

	private final String requestFactory;

	MatrixClient(String title, ClientKind kind, String requestFactory) {
		this.title = title;
		this.kind = kind;
		this.requestFactory = requestFactory;
	}

	/**
	 * Return the row title.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Return the client kind that the decorated calls of this client are counted under.
	 * @return the kind
	 */
	public ClientKind kind() {
		return this.kind;
	}

	/**
	 * Return the value of {@code spring.http.clients.imperative.factory} this client needs.
	 * @return the factory, or {@code null} to leave Boot's choice
	 */
	String requestFactory() {
		return this.requestFactory;
	}

	/**
	 * Whether the chaos server must speak TLS to this client.
	 * @return {@code true} for the SSL socket factory
	 */
	boolean tls() {
		return this == SSL_SOCKET_FACTORY;
	}

	/**
	 * Whether this client runs on Reactor Netty's WebClient.
	 * @return {@code true} for the WebClient rows
	 */
	boolean webClient() {
		return this == WEB_CLIENT_EPOLL || this == WEB_CLIENT_NIO;
	}

	/**
	 * Whether Reset Guard instruments this client's connections, so its resets carry connection facts
	 * (reused or fresh, idle time, bytes sent and received): Apache HttpClient 5, Reactor Netty under
	 * WebClient and the socket factories. The others hide their connections.
	 * @return {@code true} if the client's resets carry connection facts
	 */
	public boolean instrumented() {
		return switch (this) {
			case REST_CLIENT_HTTP_COMPONENTS, REST_TEMPLATE, WEB_CLIENT_EPOLL, WEB_CLIENT_NIO -> true;
			case SOCKET_FACTORY, SSL_SOCKET_FACTORY -> true;
			case REST_CLIENT_JDK, REST_CLIENT_REACTOR, REST_CLIENT_JETTY, REST_CLIENT_SIMPLE -> false;
		};
	}

}
