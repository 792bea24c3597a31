package io.descent.job.web;

import java.util.List;

/** A page of jobs, newest first. */
record JobPageView(List<JobView> items, int page, int size, long totalItems, int totalPages) {}
