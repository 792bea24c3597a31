package io.descent.dataset;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRecordRepository extends JpaRepository<DatasetRecord, String> {

    List<DatasetRecord> findAllByOrderByCreatedAt();
}
