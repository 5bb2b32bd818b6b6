package dev.resetguard.reliability.confusion;

import dev.resetguard.reliability.matrix.MatrixClient;

/**
 * One row of the confusion matrix: a server behaviour met by one client with a number of concurrent
 * callers.
 *
 * @param behaviour the server behaviour
 * @param client the client
 * @param callers the number of concurrent callers
 */
record ConfusionCell(Behaviour behaviour, MatrixClient client, int callers) {

	/**
	 * Return a name for the cell's request ids and thread names.
	 * @return the name
	 */
	String name() {
		return this.client.name() + "-" + this.behaviour.name() + "-" + this.callers;
	}

	/**
	 * Return how many resets the cell aims for before it stops loading the server.
	 * @return the number of resets
	 */
	int targetResets() {
		return (this.callers == 1) ? 20 : 40;
	}

}
