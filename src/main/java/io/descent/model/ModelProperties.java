package io.descent.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheSize trained models kept loaded between requests; a model in use (a prediction, an
 *     ensemble member, a download) stays loaded until its last user is done, beyond this count. 0
 *     loads the model for every request.
 */
@ConfigurationProperties("descent.models")
record ModelProperties(@DefaultValue("8") int cacheSize) {}
