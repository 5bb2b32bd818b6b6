/**
 * Records what happened on each connection and attempt, so that a reset can be reported with its phase,
 * peer, connection age and most likely cause.
 */
@NullMarked
package dev.resetguard.forensics;

import org.jspecify.annotations.NullMarked;
