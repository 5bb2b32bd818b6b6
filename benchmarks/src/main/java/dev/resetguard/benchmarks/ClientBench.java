package dev.resetguard.benchmarks;

import java.io.IOException;
import java.util.Map;

import dev.resetguard.test.ChaosServer;

/**
 * What every client benchmark sets up: a loopback server (the minimal {@link KeepAliveServer}, or the
 * {@link ChaosServer} with no toxic) and the Boot application the client is built from, plain or with
 * Reset Guard, checked to really decorate the client when asked to.
 */
final class ClientBench implements AutoCloseable {

	static final String PATH = "/get";

	private KeepAliveServer keepAlive;

	private ChaosServer chaos;

	private BootClients clients;

	/**
	 * Start the server and the application.
	 * @param server {@code keep-alive} or {@code chaos}
	 * @param variant {@code plain} or {@code decorated}
	 * @param properties the properties that select the client library
	 * @param integration part of the name of the Reset Guard bean that decorates the client
	 */
	BootClients start(String server, String variant, Map<String, Object> properties, String integration)
			throws Exception {
		switch (server) {
			case "keep-alive" -> this.keepAlive = KeepAliveServer.start();
			case "chaos" -> this.chaos = ChaosServer.start();
			default -> throw new IllegalArgumentException("Unknown server: " + server);
		}
		boolean decorated = switch (variant) {
			case "plain" -> false;
			case "decorated" -> true;
			default -> throw new IllegalArgumentException("Unknown variant: " + variant);
		};
		this.clients = BootClients.start(decorated, properties);
		boolean integrated = this.clients.resetGuardBeanTypes().stream().anyMatch((type) -> type.contains(integration));
		if (integrated != decorated) {
			throw new IllegalStateException("Expected " + (decorated ? "a" : "no") + " Reset Guard " + integration
					+ " integration, found beans " + this.clients.resetGuardBeanTypes());
		}
		return this.clients;
	}

	String url() {
		return (this.keepAlive != null) ? this.keepAlive.url("") : this.chaos.url("");
	}

	@Override
	public void close() throws IOException {
		if (this.clients != null) {
			this.clients.close();
		}
		if (this.keepAlive != null) {
			this.keepAlive.close();
		}
		if (this.chaos != null) {
			this.chaos.close();
		}
	}

}
