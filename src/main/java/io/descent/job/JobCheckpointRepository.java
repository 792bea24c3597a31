package io.descent.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobCheckpointRepository extends JpaRepository<JobCheckpoint, JobCheckpoint.Key> {

    Optional<JobCheckpoint> findFirstByJobIdOrderByEpochDesc(UUID jobId);

    List<JobCheckpoint> findByJobIdOrderByEpochDesc(UUID jobId);
}
