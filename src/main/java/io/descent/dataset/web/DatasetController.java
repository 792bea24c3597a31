package io.descent.dataset.web;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetInfo;
import io.descent.dataset.DatasetNotFoundException;
import io.descent.dataset.DatasetProperties;
import io.descent.dataset.DatasetService;
import io.descent.dataset.UploadTooLargeException;
import io.descent.system.InvalidParameterException;
import io.descent.system.UserText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetCatalog catalog;
    private final DatasetService datasets;
    private final DatasetProperties properties;

    DatasetController(DatasetCatalog catalog, DatasetService datasets, DatasetProperties properties) {
        this.catalog = catalog;
        this.datasets = datasets;
        this.properties = properties;
    }

    @GetMapping
    List<DatasetView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    DatasetDetailView get(@PathVariable String id) {
        DatasetInfo info = catalog.find(id).orElseThrow(() -> new DatasetNotFoundException(id));
        DatasetView v = view(info);
        return new DatasetDetailView(v.id(), v.name(), v.description(), v.task(), v.trainSamples(), v.testSamples(), v.featureShape(),
                v.classes(), v.classNames(), v.available(), v.source(), v.available() ? datasets.features(id) : List.of());
    }

    /** A CSV table as the request body: header row, numeric features, a label column. */
    @PostMapping(consumes = "text/csv")
    ResponseEntity<DatasetView> upload(HttpServletRequest request, @RequestParam(required = false) String label,
            @RequestParam(required = false) String task, @RequestParam(required = false) String name) throws IOException {
        checkParameters(label, task, name);
        long declared = request.getContentLengthLong();
        if (declared > properties.maxUploadSize().toBytes()) {
            // Refused from the header alone: not one byte of the body is read.
            throw new UploadTooLargeException("The upload is " + declared + " bytes; descent.datasets.max-upload-size is "
                    + properties.maxUploadSize().toBytes() + ".");
        }
        try (InputStream body = request.getInputStream()) {
            return answer(datasets.upload(body, name, label, task, name));
        }
    }

    /** The same table as a multipart form field named "file". */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetView> uploadForm(@RequestPart("file") MultipartFile file, @RequestParam(required = false) String label,
            @RequestParam(required = false) String task, @RequestParam(required = false) String name) throws IOException {
        checkParameters(label, task, name);
        String filename = file.getOriginalFilename();
        if (filename != null) {
            UserText.invalidCharacter(filename).ifPresent(bad -> {
                throw new InvalidParameterException("file", "The file name of part \"file\" must not contain control characters; it has " + bad + ".");
            });
        }
        try (InputStream body = file.getInputStream()) {
            return answer(datasets.upload(body, filename, label, task, name));
        }
    }

    /** A synthetic dataset: {"generator": "blobs", "seed": 1, ...parameters}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> generate(@RequestBody Map<String, Object> request, @RequestParam Map<String, String> query) {
        for (String parameter : List.of("label", "task", "name")) {
            if (query.containsKey(parameter)) {
                // Ignoring it would accept anything in it.
                throw new InvalidParameterException(parameter, "\"" + parameter + "\" is for uploaded tables; a generator call takes"
                        + " everything in its body (its display name as \"name\").");
            }
        }
        return answer(datasets.generate(request));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(id);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<DatasetView> answer(DatasetService.Saved saved) {
        URI location = URI.create("/api/v1/datasets/" + saved.info().id());
        DatasetView body = view(saved.info());
        return saved.created() ? ResponseEntity.created(location).body(body) : ResponseEntity.ok().location(location).body(body);
    }

    private static void checkParameters(String label, String task, String name) {
        if (label != null) {
            UserText.problem("label", label, DatasetService.MAX_COLUMN_NAME_LENGTH).ifPresent(problem -> {
                throw new InvalidParameterException("label", problem);
            });
        }
        if (task != null && !task.equals("classification") && !task.equals("regression")) {
            throw new InvalidParameterException("task", "\"task\" must be \"classification\" or \"regression\" (or left out to infer it).");
        }
        if (name != null) {
            UserText.problem("name", name, DatasetService.MAX_NAME_LENGTH).ifPresent(problem -> {
                throw new InvalidParameterException("name", problem);
            });
        }
    }

    private DatasetView view(DatasetInfo info) {
        return new DatasetView(info.id(), info.name(), info.description(), info.classes() > 0 ? "classification" : "regression",
                info.trainSamples(), info.testSamples(), info.featureShape(), info.classes(), info.classNames(),
                catalog.available(info.id()), info.source());
    }
}
