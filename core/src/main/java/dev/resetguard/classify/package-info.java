/**
 * Recognises a TCP connection reset, or a refused connection, in an exception and its cause chain,
 * whichever client library threw it.
 */
@NullMarked
package dev.resetguard.classify;

import org.jspecify.annotations.NullMarked;
