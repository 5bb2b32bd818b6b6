/**
 * The Actuator health indicator and {@code resets} endpoint that show per-peer reset health.
 */
@NullMarked
package dev.resetguard.actuate;

import org.jspecify.annotations.NullMarked;
