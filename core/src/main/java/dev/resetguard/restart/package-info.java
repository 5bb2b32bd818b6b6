/**
 * Rides through a peer's restart: calls to a restarting peer wait while one probe at a time checks whether
 * it accepts connections again.
 */
@NullMarked
package dev.resetguard.restart;

import org.jspecify.annotations.NullMarked;
