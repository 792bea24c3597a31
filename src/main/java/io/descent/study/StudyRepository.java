package io.descent.study;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface StudyRepository extends JpaRepository<Study, UUID> {

    /** The study with its row locked until the transaction ends: one advance at a time, on every node. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Study s where s.id = :id")
    Optional<Study> lock(UUID id);

    @Query("select s.id from Study s where s.status = io.descent.study.StudyStatus.RUNNING")
    List<UUID> findRunning();

    Page<Study> findByStatus(StudyStatus status, Pageable pageable);

    Page<Study> findByOwner(java.util.UUID owner, Pageable pageable);

    Page<Study> findByOwnerAndStatus(java.util.UUID owner, StudyStatus status, Pageable pageable);
}
