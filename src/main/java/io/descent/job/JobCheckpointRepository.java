package io.descent.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface JobCheckpointRepository extends JpaRepository<JobCheckpoint, JobCheckpoint.Key> {

    List<JobCheckpoint> findByJobIdOrderByEpochDesc(UUID jobId);

    @Query("select c.epoch from JobCheckpoint c where c.jobId = :jobId order by c.epoch")
    List<Integer> findEpochs(UUID jobId);

    Optional<JobCheckpoint> findByJobIdAndEpoch(UUID jobId, int epoch);
}
