/**
 * The Micrometer meters for resets, retries and connections, with their names and tags declared once.
 */
@NullMarked
package dev.resetguard.metrics;

import org.jspecify.annotations.NullMarked;
