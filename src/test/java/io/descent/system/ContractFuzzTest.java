package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.ContractValidator;
import io.descent.support.FullStackTest;
import io.descent.support.FuzzCall;
import io.descent.support.Mutations;
import io.descent.support.Mutations.Mutation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract-driven fuzzing: every operation of {@code openapi/openapi.yaml} is called with a valid
 * request (its examples, with ids of a table and jobs trained here), then with that request broken
 * one field, parameter or header at a time ({@link Mutations}). Every answer must be below 500,
 * a 4xx must be {@code application/problem+json}, every exchange must match the contract, and a
 * refused request must leave no job, queue entry or dataset behind. Mutated requests that are
 * still valid may be accepted: their jobs are cancelled at once and everything accepted is
 * deleted at the end. Seeded, so every run sends the same requests; all failures are written to
 * target/contract-fuzz-failures.txt (the assertion shows the first 40).
 */
@FullStackTest
class ContractFuzzTest {

    private static final long SEED = 20_261_201L;
    /** Extended mutations per field, besides the core ones. */
    private static final int SAMPLE = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String EXAMPLE_JOB = "195ee8b9-70de-42fe-907c-4befbde83bd7";
    private static final String EXAMPLE_JOB_2 = "0c5a7d0e-3b44-4f6c-8f4e-6f1a2b3c4d5e";
    private static final String EXAMPLE_JOB_3 = "7f1e9a24-6b0d-4c8e-a3f5-9d2c1b0a8e7f";
    private static final String EXAMPLE_TABLE = "csv-5d41402abc4b2a76";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    private final List<String> failures = new ArrayList<>();
    private final Set<String> acceptedJobs = new HashSet<>();
    private final Set<String> createdDatasets = new HashSet<>();
    private final Set<String> fuzzed = new HashSet<>();
    private final Random random = new Random(SEED);
    private Api api;
    private String table;
    private String job;
    private String otherJob;
    private int sent;

    @Test
    void noBrokenRequestIsA5xxBreaksTheContractOrStoresAnything() throws Exception {
        api = new Api(mvc);
        trainFixtures();
        ParseOptions options = new ParseOptions();
        options.setResolveFully(true);
        OpenAPI contract = new OpenAPIV3Parser().read("openapi/openapi.yaml", null, options);
        long started = System.nanoTime();
        for (Map.Entry<String, PathItem> path : contract.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                List<Parameter> parameters = new ArrayList<>();
                if (path.getValue().getParameters() != null) {
                    parameters.addAll(path.getValue().getParameters());
                }
                if (operation.getValue().getParameters() != null) {
                    parameters.addAll(operation.getValue().getParameters());
                }
                fuzz(HttpMethod.valueOf(operation.getKey().name()), path.getKey(), operation.getValue(), parameters);
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        Files.writeString(Path.of("target/contract-fuzz-failures.txt"), String.join("\n", failures).replaceAll("\\p{Cs}", "?"));
        cleanUp();

        assertThat(failures).as(failures.size() + " of " + sent + " requests failed (" + seconds + " s):\n"
                + failures.stream().limit(40).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(sent).as("requests sent").isGreaterThan(1000);
    }

    /** A table and two jobs with models, so that predictions, evaluations and ensembles get past "not found". */
    private void trainFixtures() throws Exception {
        String flowers = Files.readString(Path.of("examples/flowers.csv"));
        table = (String) api.map(api.perform(post("/api/v1/datasets?label=species")
                .contentType("text/csv").content(flowers))).get("id");
        String spec = "{\"dataset\": {\"id\": \"" + table + "\", \"validation\": 0.2}, \"model\": {\"layers\": [{\"units\": 4}]},"
                + " \"epochs\": 1, \"batchSize\": 50, \"seed\": %d}";
        job = api.submitOk(spec.formatted(1));
        otherJob = api.submitOk(spec.formatted(2));
        api.awaitStatus(job, "SUCCEEDED");
        api.awaitStatus(otherJob, "SUCCEEDED");
    }

    private void fuzz(HttpMethod method, String template, Operation operation, List<Parameter> parameters) throws IOException {
        // Query and header parameters are optional everywhere: the valid requests leave them out.
        Map<String, String> pathValues = new LinkedHashMap<>();
        parameters.stream().filter(p -> p.getIn().equals("path")).forEach(p -> pathValues.put(p.getName(), validPathValue(method, template, p.getName())));
        List<FuzzCall> valid = validCalls(method, FuzzCall.expand(template, pathValues), operation);
        FuzzCall base = valid.get(0);
        // One of each kind of body carries the query and header mutations (a table's label, a generator's nothing).
        Map<String, FuzzCall> firstOfEachType = new LinkedHashMap<>();
        valid.forEach(call -> firstOfEachType.putIfAbsent(String.valueOf(call.contentType()), call));
        for (FuzzCall call : valid) {
            exchange(call);
            if ("application/json".equals(call.contentType())) {
                mutateJson(call);
            } else if ("text/csv".equals(call.contentType())) {
                Mutations.tables(new String(call.body(), StandardCharsets.UTF_8))
                        .forEach((name, csv) -> exchange(call.withBody("table: " + name, "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
            } else if (call.file() != null) {
                mutateMultipart(call);
            }
        }
        for (Parameter p : parameters) {
            for (String value : Mutations.parameterValues()) {
                if (value.isEmpty() && (p.getIn().equals("path") || Boolean.TRUE.equals(p.getAllowEmptyValue()))) {
                    continue; // an empty segment is another path; an empty value the contract allows is the default
                }
                if (p.getIn().equals("path") && value.contains("/")) {
                    continue; // Tomcat refuses an encoded / itself (MalformedRequestTest); MockMvc would hand it over decoded
                }
                String what = p.getIn() + " " + p.getName() + "=" + FuzzCall.shorten(value);
                switch (p.getIn()) {
                    case "path" -> {
                        Map<String, String> values = new LinkedHashMap<>(pathValues);
                        values.put(p.getName(), value);
                        exchange(base.withPath(what, FuzzCall.expand(template, values)));
                    }
                    case "query" -> {
                        for (FuzzCall kind : firstOfEachType.values()) {
                            Map<String, String> values = new LinkedHashMap<>(kind.query());
                            values.put(p.getName(), value);
                            if (p.getName().equals("page")) {
                                values.put("size", "100");
                            }
                            exchange(kind.withQuery(what, values));
                        }
                    }
                    default -> {
                        for (FuzzCall kind : firstOfEachType.values()) {
                            Map<String, String> values = new LinkedHashMap<>(kind.headers());
                            values.put(p.getName(), value);
                            exchange(kind.withHeaders(what, values));
                        }
                    }
                }
            }
        }
        if (base.contentType() != null) {
            exchange(base.withBody("Content-Type text/plain", "text/plain", base.body()));
        }
    }

    private String validPathValue(HttpMethod method, String template, String name) {
        if (name.equals("group")) {
            return "liveness";
        }
        if (template.startsWith("/api/v1/datasets")) {
            return method == HttpMethod.DELETE ? "csv-0000000000000000" : table;
        }
        // Deleting a fixture would leave the rest of the run without a model.
        return method == HttpMethod.DELETE ? "00000000-0000-4000-8000-000000000000" : job;
    }

    /** The operation's request examples (with this run's ids), or a hand-written body where it has none. */
    private List<FuzzCall> validCalls(HttpMethod method, String path, Operation operation) {
        List<FuzzCall> calls = new ArrayList<>();
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            calls.add(FuzzCall.of("valid", method, path, null, null, null));
            return calls;
        }
        operation.getRequestBody().getContent().forEach((type, media) -> {
            List<Object> examples = new ArrayList<>();
            if (media.getExamples() != null) {
                media.getExamples().values().forEach(e -> examples.add(e.getValue()));
            }
            if (media.getExample() != null) {
                examples.add(media.getExample());
            }
            if (type.equals("multipart/form-data")) {
                calls.add(FuzzCall.of("valid multipart", method, path, type, null, new MockMultipartFile("file", "flowers.csv",
                        "text/csv", "sepal_length,sepal_width,petal_length,petal_width,species\n4.3,2.6,1.7,0.1,small\n6.6,3.1,5.9,2.1,large\n"
                                .getBytes(StandardCharsets.UTF_8))));
                return;
            }
            for (Object example : examples) {
                String text = example instanceof String s && !type.contains("json") ? s : io.swagger.v3.core.util.Json.pretty(example);
                calls.add(FuzzCall.of("valid " + type, method, path, type, withOurIds(text).getBytes(StandardCharsets.UTF_8), null));
            }
        });
        calls.sort((a, b) -> Boolean.compare(b.contentType().equals("application/json"), a.contentType().equals("application/json")));
        return calls;
    }

    private String withOurIds(String text) {
        return text.replace(EXAMPLE_JOB, job).replace(EXAMPLE_JOB_2, otherJob).replace(EXAMPLE_JOB_3, job).replace(EXAMPLE_TABLE, table)
                .replace("\"fashion-mnist\"", "\"fashion-mnist-small\"");
    }

    private void mutateJson(FuzzCall call) {
        JsonNode document = JSON.readTree(call.body());
        if (fuzzed.add(call.method() + " " + call.path() + " body")) {
            for (Mutation body : Mutations.bodies()) {
                send(call, "body: " + body.name(), body.json());
            }
        }
        for (Map.Entry<String, JsonNode> field : Mutations.pointers(document).entrySet()) {
            String pointer = field.getKey();
            // Fields several examples share (/dataset/id) are fuzzed once.
            if (pointer.isEmpty() || !fuzzed.add(call.method() + " " + call.path() + " " + pointer)) {
                continue;
            }
            if (field.getValue().isObject()) {
                send(call, pointer + ": unknown field", Mutations.withUnknownField(document, pointer));
            }
            boolean inObject = parentIsObject(document, pointer);
            for (Mutation m : Mutations.of(field.getValue(), inObject, random, SAMPLE)) {
                send(call, pointer + ": " + m.name(), Mutations.replace(document, pointer, m.json()));
            }
        }
    }

    private void send(FuzzCall call, String what, String json) {
        exchange(call.withBody(what, call.contentType(), json.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean parentIsObject(JsonNode document, String pointer) {
        return Mutations.pointers(document).get(pointer.substring(0, pointer.lastIndexOf('/'))).isObject();
    }

    private void mutateMultipart(FuzzCall call) throws IOException {
        byte[] table = call.file().getBytes();
        exchange(call.withFile("no parts", null));
        exchange(call.withFile("a part named data", new MockMultipartFile("data", "t.csv", "text/csv", table)));
        exchange(call.withFile("an empty file", new MockMultipartFile("file", "t.csv", "text/csv", new byte[0])));
        for (String name : List.of("a\u0000b.csv", "\u202e\u200fvsc.exe", "n".repeat(10_000), "../../x.csv", "")) {
            exchange(call.withFile("file name " + FuzzCall.shorten(name), new MockMultipartFile("file", name, "text/csv", table)));
        }
        Mutations.tables(new String(table, StandardCharsets.UTF_8)).forEach((name, csv) ->
                exchange(call.withFile("table: " + name, new MockMultipartFile("file", "t.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))));
    }

    private void exchange(FuzzCall call) {
        sent++;
        long jobs = count("job");
        long datasets = count("dataset");
        long queue = count("scheduled_tasks");
        MvcResult result;
        try {
            result = mvc.perform(call.toRequest()).andReturn();
            if (result.getRequest().isAsyncStarted()) {
                result.getAsyncResult();
                result = mvc.perform(asyncDispatch(result)).andReturn();
            }
        } catch (Exception e) {
            failures.add(call + " -> threw " + e);
            return;
        }
        int status = result.getResponse().getStatus();
        String body = Api.body(result);
        if (status >= 500) {
            failures.add(call + " -> " + status + " " + FuzzCall.shorten(body));
        } else if (status >= 400) {
            // Actuator's own endpoints answer an unknown health group with an empty 404 (documented as such).
            if (!call.path().startsWith("/actuator/") && !MediaType.APPLICATION_PROBLEM_JSON_VALUE.equals(result.getResponse().getContentType())) {
                failures.add(call + " -> " + status + " as " + result.getResponse().getContentType());
            }
            if (count("job") != jobs || count("dataset") != datasets || count("scheduled_tasks") > queue) {
                failures.add(call + " -> " + status + " but stored something");
            }
        } else {
            accepted(call, result, status);
        }
        try {
            // The API takes a member sent as null as left out (openapi.yaml says so); the schemas describe what to send.
            ContractValidator.check(result, "application/json".equals(call.contentType()) ? withoutNullMembers(call.body()) : call.body());
        } catch (AssertionError | RuntimeException e) {
            failures.add(call + " -> " + status + ": " + FuzzCall.shorten(e.getMessage()));
        }
    }

    /** Cancels what a still-valid mutation queued; keeps what to delete at the end. */
    private void accepted(FuzzCall call, MvcResult result, int status) {
        if (call.method() != HttpMethod.POST || !(status == 200 || status == 201)) {
            return;
        }
        if (call.path().equals("/api/v1/jobs")) {
            String id = (String) api.map(result).get("id");
            if (acceptedJobs.add(id)) {
                try {
                    api.cancel(id);
                } catch (AssertionError e) {
                    failures.add(call + " -> accepted, then its cancel: " + FuzzCall.shorten(e.getMessage()));
                }
            }
        } else if (call.path().equals("/api/v1/datasets") && status == 201) {
            createdDatasets.add((String) api.map(result).get("id"));
        }
    }

    private static byte[] withoutNullMembers(byte[] body) {
        try {
            JsonNode tree = JSON.readTree(body);
            removeNullMembers(tree);
            return JSON.writeValueAsBytes(tree);
        } catch (RuntimeException unreadable) {
            return body;
        }
    }

    private static void removeNullMembers(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
        }
        node.values().forEach(ContractFuzzTest::removeNullMembers);
    }

    private void cleanUp() {
        acceptedJobs.addAll(List.of(job, otherJob));
        for (String id : acceptedJobs) {
            api.await(id, j -> List.of("CANCELLED", "FAILED", "SUCCEEDED").contains(j.get("status")), Duration.ofSeconds(120));
            api.deleteJob(id);
        }
        for (String id : createdDatasets) {
            api.perform(delete("/api/v1/datasets/{id}", id));
        }
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
