package dev.resetguard.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one {@link ChaosServer}, for the idle reaper, restarts and shutdown.
 */
final class ConnectionRegistry {

	private final Map<Long, ChaosConnection> connections = new ConcurrentHashMap<>();

	void add(ChaosConnection connection) {
		this.connections.put(connection.id(), connection);
	}

	void remove(ChaosConnection connection) {
		this.connections.remove(connection.id());
	}

	/**
	 * Close, as {@code mode} says, every connection idle for at least {@code nanos}.
	 */
	void closeIdle(long nanos, CloseMode mode) {
		for (ChaosConnection connection : this.connections.values()) {
			if (connection.isIdleLongerThan(nanos)) {
				connection.closeIfIdle(mode);
			}
		}
	}

	/**
	 * Reset every open connection, recording each as {@code kind}.
	 */
	void resetAll(ToxicKind kind) {
		for (ChaosConnection connection : List.copyOf(this.connections.values())) {
			connection.reset(kind);
		}
	}

	/**
	 * Close every open connection with a FIN once its exchange in progress is answered, recording each
	 * as {@code kind}.
	 */
	void closeAllGracefully(ToxicKind kind) {
		for (ChaosConnection connection : List.copyOf(this.connections.values())) {
			connection.closeGracefully(kind);
		}
	}

	/**
	 * Close every open connection without recording anything.
	 */
	void closeAll() {
		this.connections.values().forEach(ChaosConnection::close);
	}

}
