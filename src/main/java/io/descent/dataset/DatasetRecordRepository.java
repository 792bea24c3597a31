package io.descent.dataset;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DatasetRecordRepository extends JpaRepository<DatasetRecord, String> {

    List<DatasetRecord> findAllByOrderByCreatedAt();

    /** The row, locked until the transaction ends (select ... for update); empty once deleted. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from DatasetRecord d where d.id = :id")
    Optional<DatasetRecord> lockById(String id);

    @Query("select coalesce(sum(d.sizeBytes), 0) from DatasetRecord d where d.owner = :owner")
    long storedBytes(java.util.UUID owner);
}
