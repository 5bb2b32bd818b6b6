package dev.resetguard.test;

/**
 * Thrown when a request does not follow HTTP/1.1 framing; the server answers 400 and closes.
 */
final class MalformedRequestException extends Exception {

	MalformedRequestException(String message) {
		super(message);
	}

}
