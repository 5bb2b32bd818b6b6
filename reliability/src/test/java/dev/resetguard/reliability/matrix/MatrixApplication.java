package dev.resetguard.reliability.matrix;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application under test: nothing but auto-configuration, so every client is the one Boot and the
 * Reset Guard starter give a user.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class MatrixApplication {

}
