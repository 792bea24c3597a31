package io.descent.model;

import ai.djl.engine.Engine;
import io.descent.job.JobService;
import io.descent.job.ModelSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The downloadable form of a trained model: a zip with the weights, the job spec, what is needed
 * to use them (classes, input width, feature scaling) and the versions that made them.
 */
@Component
public class ModelArchive {

    static final String README = """
            Descent model archive
            =====================
            spec.json    the job spec as accepted (network, loss, optimizer, ...), every default filled in
            model.json   classNames (empty for regression), features (input width), normalization
                         (x' = (x - shift) / scale per feature, null when none), epoch, versions
            weights.bin  big-endian: int count; then per parameter: UTF name, int length, the tensor in
                         DJL's NDArray encoding (ai.djl.ndarray.NDArray.decode(manager, bytes)).
                         Parameters are those of a DJL SequentialBlock of Linear layers built from
                         spec.json's model.layers, in order: weight [out, in] then bias [out] per layer.
                         When spec.json has weightAveraging, these are the averaged weights (the raw
                         ones for an SWA job stopped before its startEpoch).
            Outputs: logits for cross_entropy/hinge/mse..., log-probabilities for nll, sigmoid for bce.
            """;

    private final JobService jobs;
    private final JsonMapper json;
    private final Engine engine;

    ModelArchive(JobService jobs, JsonMapper json, Engine engine) {
        this.jobs = jobs;
        this.json = json;
        this.engine = engine;
    }

    public void write(UUID id, TrainedModels.Loaded loaded, OutputStream out) throws IOException {
        ModelSource source = jobs.model(id);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "README.txt", README.getBytes(StandardCharsets.UTF_8));
            entry(zip, "spec.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(source.job().spec()));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("job", id);
            model.put("epoch", loaded.model().epoch());
            model.put("classNames", loaded.classNames());
            model.put("features", loaded.model().features());
            model.put("normalization", source.info().normalization());
            model.put("dataset", source.info().datasetId());
            model.put("versions", Map.of("descent", String.valueOf(ModelArchive.class.getPackage().getImplementationVersion()),
                    "djl", String.valueOf(Engine.getDjlVersion()), "engine", engine.getEngineName() + " " + engine.getVersion()));
            entry(zip, "model.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(model));
            zip.putNextEntry(new ZipEntry("weights.bin"));
            loaded.model().writeWeights(zip);
            zip.closeEntry();
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
