package io.descent.job.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The streams' version poll and heartbeats are scheduled on every node, API-only ones included. */
@Configuration
@EnableScheduling
class StreamConfiguration {}
