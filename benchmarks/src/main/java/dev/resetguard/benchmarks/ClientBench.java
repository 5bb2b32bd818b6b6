package dev.resetguard.benchmarks;

import java.io.IOException;
import java.util.Map;

import dev.resetguard.test.ChaosServer;

/**
 * What every client benchmark sets up: a loopback server (the minimal {@link KeepAliveServer}, or the
 * {@link ChaosServer} with no toxic) and the Boot applications the client is built from: the plain one
 * without Reset Guard and the guarded one with it, checked to really hold the client integration. The
 * {@code plain} variant needs only the first, {@code decorated} only the second; variants that measure one
 * part of the decoration take parts from both.
 */
final class ClientBench implements AutoCloseable {

	static final String PATH = "/get";

	private KeepAliveServer keepAlive;

	private ChaosServer chaos;

	private BootClients plain;

	private BootClients guarded;

	/**
	 * Start the server and the applications the variant needs.
	 * @param server {@code keep-alive} or {@code chaos}
	 * @param variant {@code plain}, {@code decorated} or the name of a part of the decoration
	 * @param properties the properties that select the client library
	 * @param integration part of the name of the Reset Guard bean that decorates the client
	 */
	void start(String server, String variant, Map<String, Object> properties, String integration) throws IOException {
		switch (server) {
			case "keep-alive" -> this.keepAlive = KeepAliveServer.start();
			case "chaos" -> this.chaos = ChaosServer.start();
			default -> throw new IllegalArgumentException("Unknown server: " + server);
		}
		if (!"decorated".equals(variant)) {
			this.plain = BootClients.start(false, properties);
		}
		if (!"plain".equals(variant)) {
			this.guarded = BootClients.start(true, properties);
			if (this.guarded.resetGuardBeanTypes().stream().noneMatch((type) -> type.contains(integration))) {
				throw new IllegalStateException("No Reset Guard " + integration + " integration; Reset Guard beans are "
						+ this.guarded.resetGuardBeanTypes());
			}
		}
	}

	/** The application without Reset Guard. */
	BootClients plain() {
		return this.plain;
	}

	/** The application with Reset Guard. */
	BootClients guarded() {
		return this.guarded;
	}

	String url() {
		return (this.keepAlive != null) ? this.keepAlive.url("") : this.chaos.url("");
	}

	@Override
	public void close() throws IOException {
		if (this.plain != null) {
			this.plain.close();
		}
		if (this.guarded != null) {
			this.guarded.close();
		}
		if (this.keepAlive != null) {
			this.keepAlive.close();
		}
		if (this.chaos != null) {
			this.chaos.close();
		}
	}

}
