package io.descent.study;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Studies are advanced by a sweep on every node, API-only nodes included (workers enable scheduling too). */
@Configuration
@EnableScheduling
class StudyConfiguration {}
