package io.descent.job;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobCheckpointRepository extends JpaRepository<JobCheckpoint, JobCheckpoint.Key> {

    List<JobCheckpoint> findByJobIdOrderByEpochDesc(UUID jobId);
}
