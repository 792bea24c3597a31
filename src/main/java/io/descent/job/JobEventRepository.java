package io.descent.job;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobEventRepository extends JpaRepository<JobEvent, Long> {

    List<JobEvent> findByJobIdOrderById(UUID jobId);

    List<JobEvent> findByJobIdAndIdGreaterThanOrderById(UUID jobId, Long id);
}
