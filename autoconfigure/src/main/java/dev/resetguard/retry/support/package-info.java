/**
 * Retry policies for spring-retry and for Spring Framework's own retry support that retry exactly the
 * failures that are connection resets.
 */
@NullMarked
package dev.resetguard.retry.support;

import org.jspecify.annotations.NullMarked;
