/**
 * Spring Boot auto-configuration and configuration properties for Reset Guard.
 */
@NullMarked
package dev.resetguard.autoconfigure;

import org.jspecify.annotations.NullMarked;
