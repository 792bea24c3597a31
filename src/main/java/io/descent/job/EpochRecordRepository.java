package io.descent.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface EpochRecordRepository extends JpaRepository<EpochRecord, EpochRecord.Key> {

    List<EpochRecord> findByJobIdOrderByEpoch(UUID jobId);

    List<EpochRecord> findByJobIdAndEpochGreaterThanOrderByEpoch(UUID jobId, int epoch);

    Optional<EpochRecord> findFirstByJobIdOrderByEpochDesc(UUID jobId);

    /** The epoch rows of a study's trials, by job then epoch: one query for a whole study view. */
    @Query("select e from EpochRecord e where e.jobId in (select j.id from Job j where j.studyId = :studyId) order by e.jobId, e.epoch")
    List<EpochRecord> findByStudy(UUID studyId);

    /** The first {@code epochs} epoch rows of each trial of one stage of a study: what a pruner compares. */
    @Query("""
            select e from EpochRecord e where e.epoch <= :epochs
                and e.jobId in (select j.id from Job j where j.studyId = :studyId and j.trialStage = :stage)
            order by e.jobId, e.epoch""")
    List<EpochRecord> findByStudyStage(UUID studyId, int stage, int epochs);

    @Modifying
    @Query("delete from EpochRecord e where e.jobId = :jobId")
    void deleteByJobId(UUID jobId);

    /** Removes rows of epochs that will be trained again after resuming from a checkpoint. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from EpochRecord e where e.jobId = :jobId and e.epoch > :epoch")
    int deleteAfter(UUID jobId, int epoch);
}
