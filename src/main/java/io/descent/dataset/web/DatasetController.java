package io.descent.dataset.web;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetInfo;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    List<DatasetView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    private DatasetView view(DatasetInfo info) {
        return new DatasetView(info.id(), info.name(), info.description(), info.classes() > 0 ? "classification" : "regression",
                info.trainSamples(), info.testSamples(), info.featureShape(), info.classes(), info.classNames(),
                catalog.available(info.id()), info.source());
    }
}
