package io.descent.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, with keys required: for every operation of openapi/openapi.yaml, user A cannot
 * reach what user B created (a 404, as if it did not exist), an admin can, and no key is a 401.
 * The table below must name every operation of the contract, so a new endpoint needs a case here.
 */
@SpringBootTest(properties = {"descent.security.keys=required", "descent.security.admin-key=" + AccessIsolationTest.ADMIN,
    "descent.security.scrape-token=" + AccessIsolationTest.SCRAPE})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIsolationTest {

    static final String ADMIN = "dsk_admin-key-of-the-isolation-test-000000000";
    static final String SCRAPE = "scrape-token-of-the-isolation-test";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CSV = "a,b,label\n0.1,0.2,x\n0.3,0.1,y\n0.5,0.9,x\n0.7,0.4,y\n0.2,0.8,x\n0.9,0.3,y\n";

    private final MockMvc mvc;
    private final Api api;
    private String userA;
    private String userB;
    private String keyB;
    private String jobB;
    private String studyB;
    private String datasetB;
    private String trialB;
    private String jobA;

    AccessIsolationTest(@Autowired MockMvc mvc) {
        this.mvc = mvc;
        this.api = new Api(mvc);
    }

    private MvcResult as(String key, MockHttpServletRequestBuilder request) {
        return api.perform(key == null ? request : request.header("Authorization", "Bearer " + key));
    }

    private Map<String, Object> map(MvcResult r) {
        return api.map(r);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @SuppressWarnings("unchecked")
    private String newKey(String name, String role) {
        MvcResult r = as(ADMIN, json(post("/api/v1/keys"), "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}"));
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(201);
        Map<String, Object> created = map(r);
        if (name.equals("bob")) {
            keyB = (String) ((Map<String, Object>) created.get("info")).get("id");
        }
        return (String) created.get("key");
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    void bobMakesAJobAStudyAndADataset() {
        userA = newKey("alice", "user");
        userB = newKey("bob", "user");
        MvcResult upload = as(userB, post("/api/v1/datasets?label=label&name=bobs").contentType("text/csv").content(CSV));
        assertThat(upload.getResponse().getStatus()).as(Api.body(upload)).isEqualTo(201);
        datasetB = (String) map(upload).get("id");
        MvcResult job = as(userB, json(post("/api/v1/jobs"), """
                {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1, "batchSize": 2, "seed": 1}""".formatted(datasetB)));
        assertThat(job.getResponse().getStatus()).as(Api.body(job)).isEqualTo(201);
        jobB = (String) map(job).get("id");
        MvcResult study = as(userB, json(post("/api/v1/studies"), """
                {"base": {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1, "batchSize": 2, "seed": 1},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.1}}, "trials": 2, "preflight": "off"}"""
                .formatted(datasetB)));
        assertThat(study.getResponse().getStatus()).as(Api.body(study)).isEqualTo(201);
        studyB = (String) map(study).get("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String j = (String) map(as(userB, get("/api/v1/jobs/" + jobB))).get("status");
            String s = (String) map(as(userB, get("/api/v1/studies/" + studyB))).get("status");
            if (j.equals("SUCCEEDED") && s.equals("SUCCEEDED")) {
                trialB = (String) ((List<Map<String, Object>>) map(as(userB, get("/api/v1/studies/" + studyB + "/trials"))).get("trials"))
                        .get(0).get("job");
                return;
            }
            Api.sleep(200);
        }
        throw new AssertionError("Bob's job and study did not finish");
    }

    private Map<String, List<Runnable>> cases() {
        Map<String, List<Runnable>> c = new LinkedHashMap<>();
        String job = "/api/v1/jobs/" + jobB;
        String study = "/api/v1/studies/" + studyB;
        c.put("submitJob", List.of(() -> refusedPointer(json(post("/api/v1/jobs"), """
                {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1}""".formatted(datasetB)), "/dataset/id")));
        c.put("listJobs", List.of(() -> listed("/api/v1/jobs?size=100", jobB), () -> listed("/api/v1/jobs?study=" + studyB, trialB)));
        c.put("getJob", List.of(() -> hidden(get(job), get(job))));
        c.put("deleteJob", List.of(() -> hidden(delete(job), get(job))));
        c.put("getJobMetrics", List.of(() -> hidden(get(job + "/metrics"), get(job + "/metrics"))));
        c.put("getJobEvents", List.of(() -> hidden(get(job + "/events"), get(job + "/events"))));
        c.put("streamJob", List.of(() -> hidden(get(job + "/stream"), null)));
        c.put("cancelJob", List.of(() -> hidden(post(job + "/cancel"), null)));
        c.put("listDatasets", List.of(() -> listed("/api/v1/datasets", datasetB)));
        c.put("createDataset", List.of(this::aliceUploadingTheSameTableGetsHerOwnCopy));
        c.put("getDataset", List.of(() -> hidden(get("/api/v1/datasets/" + datasetB), get("/api/v1/datasets/" + datasetB))));
        c.put("deleteDataset", List.of(() -> hidden(delete("/api/v1/datasets/" + datasetB), get("/api/v1/datasets/" + datasetB))));
        // (The admin's download streams: MockMvc has no body to check it against the contract.)
        c.put("downloadModel", List.of(() -> hidden(get(job + "/model"), null)));
        c.put("predict", List.of(() -> hidden(json(post(job + "/predictions"), "{\"instances\": [[0.1, 0.2]]}"),
                json(post(job + "/predictions"), "{\"instances\": [[0.1, 0.2]]}"))));
        c.put("evaluateModel", List.of(() -> hidden(json(post(job + "/evaluations"), "{\"dataset\": \"" + datasetB + "\"}"),
                json(post(job + "/evaluations"), "{\"dataset\": \"" + datasetB + "\"}"))));
        String members = "{\"jobs\": [\"" + jobB + "\", \"" + trialB + "\"], \"instances\": [[0.1, 0.2]]}";
        c.put("predictEnsemble", List.of(() -> hidden(json(post("/api/v1/ensembles/predictions"), members),
                json(post("/api/v1/ensembles/predictions"), members)),
                () -> hidden(json(post("/api/v1/ensembles/predictions"), "{\"members\": [{\"study\": \"" + studyB + "\", \"top\": 1}],"
                        + " \"instances\": [[0.1, 0.2]]}"), null),
                () -> hidden(json(post("/api/v1/ensembles/predictions"), "{\"jobs\": [\"" + trialB + "\", \"" + aliceJob() + "\"],"
                        + " \"instances\": [[0.1, 0.2]]}"), null)));
        String evaluation = "{\"jobs\": [\"" + jobB + "\", \"" + trialB + "\"], \"dataset\": \"" + datasetB + "\"}";
        c.put("evaluateEnsemble", List.of(() -> hidden(json(post("/api/v1/ensembles/evaluations"), evaluation),
                json(post("/api/v1/ensembles/evaluations"), evaluation))));
        c.put("createStudy", List.of(() -> refusedPointer(json(post("/api/v1/studies"), """
                {"base": {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.1}}, "preflight": "off"}""".formatted(datasetB)),
                "/base/dataset/id")));
        c.put("listStudies", List.of(() -> listed("/api/v1/studies?size=100", studyB)));
        c.put("getStudy", List.of(() -> hidden(get(study), get(study))));
        c.put("deleteStudy", List.of(() -> hidden(delete(study), get(study))));
        c.put("listStudyTrials", List.of(() -> hidden(get(study + "/trials"), get(study + "/trials"))));
        c.put("streamStudy", List.of(() -> hidden(get(study + "/stream"), null)));
        c.put("cancelStudy", List.of(() -> hidden(post(study + "/cancel"), null)));
        c.put("runOptimizerTrajectory", List.of(() -> assertThat(as(userA, json(post("/api/v1/optimizer-trajectories"),
                "{\"function\": {\"type\": \"quadratic\", \"coefficients\": [0.1, 2.0]}, \"start\": [-5.0, -2.0], \"steps\": 5,"
                + " \"optimizer\": {\"type\": \"sgd\", \"lr\": 0.1}}"))
                .getResponse().getStatus()).isEqualTo(200)));
        c.put("preflightJob", List.of(() -> refusedPointer(json(post("/api/v1/preflight"), """
                {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1}""".formatted(datasetB)), "/dataset/id")));
        c.put("health", List.of(() -> assertThat(as(null, get("/actuator/health")).getResponse().getStatus()).isEqualTo(200)));
        c.put("healthGroup", List.of(() -> assertThat(as(null, get("/actuator/health/liveness")).getResponse().getStatus()).isEqualTo(200)));
        c.put("prometheus", List.of(this::onlyAdminsAndTheScrapeTokenReadMetrics));
        c.put("createKey", List.of(() -> forbidden(json(post("/api/v1/keys"), "{\"name\": \"mallory\", \"role\": \"admin\"}"))));
        c.put("listKeys", List.of(() -> forbidden(get("/api/v1/keys"))));
        c.put("getKey", List.of(() -> forbidden(get("/api/v1/keys/" + keyB))));
        c.put("revokeKey", List.of(() -> forbidden(delete("/api/v1/keys/" + keyB))));
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationOfTheContractKeepsEachUsersThingsToThemselves() throws Exception {
        Map<String, Object> contract = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(Files.readString(Path.of("openapi/openapi.yaml")), Map.class);
        Set<String> operations = new HashSet<>();
        ((Map<String, Map<String, Object>>) contract.get("paths")).values().forEach(ops -> ops.forEach((method, op) -> {
            if (op instanceof Map<?, ?> m && m.get("operationId") != null) {
                operations.add((String) m.get("operationId"));
            }
        }));
        Map<String, List<Runnable>> cases = cases();
        assertThat(cases.keySet()).as("a case for every operation of openapi.yaml").containsExactlyInAnyOrderElementsOf(operations);
        List<String> failures = new ArrayList<>();
        cases.forEach((operation, checks) -> checks.forEach(check -> {
            try {
                check.run();
            } catch (AssertionError e) {
                failures.add(operation + ": " + e.getMessage());
            }
        }));
        assertThat(failures).isEmpty();
        // Nothing of Bob's was touched by Alice's attempts.
        assertThat(map(as(userB, get("/api/v1/jobs/" + jobB))).get("status")).isEqualTo("SUCCEEDED");
        assertThat(as(userB, get("/api/v1/datasets/" + datasetB)).getResponse().getStatus()).isEqualTo(200);
        assertThat(map(as(userB, get("/api/v1/studies/" + studyB))).get("status")).isEqualTo("SUCCEEDED");
    }

    /** Alice gets a 404 problem, Bob's thing being there; an admin gets past the ownership check. */
    private void hidden(MockHttpServletRequestBuilder alice, MockHttpServletRequestBuilder admin) {
        MvcResult a = as(userA, alice);
        assertThat(a.getResponse().getStatus()).as("alice: %s", Api.body(a)).isEqualTo(404);
        assertThat(a.getResponse().getContentType()).startsWith("application/problem+json");
        if (admin != null) {
            MvcResult r = as(ADMIN, admin);
            assertThat(r.getResponse().getStatus()).as("admin: %s", Api.body(r)).isBetween(200, 299);
        }
    }

    /** A request naming Bob's dataset is refused as naming an unknown one. */
    @SuppressWarnings("unchecked")
    private void refusedPointer(MockHttpServletRequestBuilder request, String pointer) {
        MvcResult r = as(userA, request);
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(400);
        assertThat((List<Map<String, Object>>) map(r).get("errors")).extracting(e -> e.get("pointer")).contains(pointer);
        assertThat(Api.body(r)).doesNotContain("bobs");
    }

    private void listed(String path, String id) {
        assertThat(Api.body(as(userA, get(path)))).doesNotContain(id);
        assertThat(Api.body(as(ADMIN, get(path)))).contains(id);
    }

    private void forbidden(MockHttpServletRequestBuilder request) {
        MvcResult r = as(userA, request);
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(403);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
    }

    /** A job of Alice's own on her own copy of the table: mixing it with Bob's in an ensemble is still a 404. */
    private String aliceJob() {
        if (jobA == null) {
            String dataset = (String) map(as(userA, post("/api/v1/datasets?label=label").contentType("text/csv").content(CSV))).get("id");
            jobA = (String) map(as(userA, json(post("/api/v1/jobs"), """
                    {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1, "batchSize": 2, "seed": 1}""".formatted(dataset)))).get("id");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!"SUCCEEDED".equals(map(as(userA, get("/api/v1/jobs/" + jobA))).get("status"))) {
                assertThat(System.nanoTime()).as("Alice's job finishes").isLessThan(deadline);
                Api.sleep(200);
            }
        }
        return jobA;
    }

    private void aliceUploadingTheSameTableGetsHerOwnCopy() {
        MvcResult r = as(userA, post("/api/v1/datasets?label=label").contentType("text/csv").content(CSV));
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(201);
        assertThat(map(r).get("id")).isNotEqualTo(datasetB);
    }

    private void onlyAdminsAndTheScrapeTokenReadMetrics() {
        assertThat(as(userA, get("/actuator/prometheus")).getResponse().getStatus()).isEqualTo(403);
        assertThat(as(null, get("/actuator/prometheus")).getResponse().getStatus()).isEqualTo(401);
        assertThat(as(SCRAPE, get("/actuator/prometheus")).getResponse().getStatus()).isEqualTo(200);
        assertThat(as(ADMIN, get("/actuator/prometheus")).getResponse().getStatus()).isEqualTo(200);
        // The scrape token reads metrics only.
        assertThat(as(SCRAPE, get("/api/v1/jobs")).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutAKeyEveryApiOperationIsA401Problem() throws Exception {
        Map<String, Object> contract = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(Files.readString(Path.of("openapi/openapi.yaml")), Map.class);
        List<String> failures = new ArrayList<>();
        ((Map<String, Map<String, Object>>) contract.get("paths")).forEach((path, ops) -> ops.forEach((method, op) -> {
            if (!path.startsWith("/api/") || !(op instanceof Map)) {
                return;
            }
            String concrete = path.replace("{id}", jobB);
            MockHttpServletRequestBuilder request = switch (method) {
                case "post" -> json(post(concrete), "{}");
                case "delete" -> delete(concrete);
                default -> get(concrete);
            };
            MvcResult r = as(null, request);
            if (r.getResponse().getStatus() != 401 || !String.valueOf(r.getResponse().getContentType()).startsWith("application/problem+json")
                    || r.getResponse().getHeader("WWW-Authenticate") == null) {
                failures.add(method + " " + path + " -> " + r.getResponse().getStatus());
            }
        }));
        assertThat(failures).isEmpty();
        MvcResult unknown = as("dsk_not-a-key", get("/api/v1/jobs"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(401);
        assertThat(Api.body(unknown)).contains("unknown or has been revoked");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> keys() {
        return JSON.readValue(Api.body(as(ADMIN, get("/api/v1/keys"))), List.class);
    }

    @Test
    void aRevokedKeyFailsAtOnce() {
        String carol = newKey("carol", "user");
        assertThat(as(carol, get("/api/v1/jobs")).getResponse().getStatus()).isEqualTo(200);
        String id = (String) keys().stream()
                .filter(k -> "carol".equals(k.get("name"))).findFirst().orElseThrow().get("id");
        assertThat(as(ADMIN, delete("/api/v1/keys/" + id)).getResponse().getStatus()).isEqualTo(204);
        MvcResult after = as(carol, get("/api/v1/jobs"));
        assertThat(after.getResponse().getStatus()).isEqualTo(401);
        assertThat(after.getResponse().getContentType()).startsWith("application/problem+json");
        Map<String, Object> listed = keys().stream()
                .filter(k -> "carol".equals(k.get("name"))).findFirst().orElseThrow();
        assertThat(listed.get("revokedAt")).isNotNull();
        assertThat(listed.toString()).doesNotContain(carol);
    }
}
