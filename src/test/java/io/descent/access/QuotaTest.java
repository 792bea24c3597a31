package io.descent.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Each quota of a key: over it, a 429 problem naming the quota, its limit and the use, and nothing created. */
@SpringBootTest(properties = {"descent.security.keys=required", "descent.security.admin-key=" + QuotaTest.ADMIN})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class QuotaTest {

    static final String ADMIN = "dsk_admin-key-of-the-quota-test-0000000000000";
    private static final String CSV = "a,b,label\n0.1,0.2,x\n0.3,0.1,y\n0.5,0.9,x\n0.7,0.4,y\n0.2,0.8,x\n0.9,0.3,y\n";
    private static final String LONG_JOB = """
            {"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 64}]}, "epochs": 200, "batchSize": 8, "seed": 1}""";

    private final Api api;

    QuotaTest(@Autowired MockMvc mvc) {
        this.api = new Api(mvc);
    }

    private MvcResult as(String key, MockHttpServletRequestBuilder request) {
        return api.perform(request.header("Authorization", "Bearer " + key));
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String key(String quotas) {
        MvcResult r = as(ADMIN, json(post("/api/v1/keys"), "{\"name\": \"quota-test\", \"quotas\": " + quotas + "}"));
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(201);
        return (String) api.map(r).get("key");
    }

    private Map<String, Object> tooMany(MvcResult r, String quota, long limit, long used) {
        assertThat(r.getResponse().getStatus()).as(Api.body(r)).isEqualTo(429);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        Map<String, Object> problem = api.map(r);
        assertThat(problem).containsEntry("quota", quota);
        assertThat(((Number) problem.get("limit")).longValue()).isEqualTo(limit);
        assertThat(((Number) problem.get("used")).longValue()).isEqualTo(used);
        assertThat((String) problem.get("detail")).contains(quota);
        return problem;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> items(MvcResult r) {
        return (List<Map<String, Object>>) api.map(r).get("items");
    }

    @Test
    void aKeyKeepsAtMostItsActiveJobsAndMayQueueAgainOnceOneEnds() {
        String key = key("{\"maxActiveJobs\": 1}");
        MvcResult first = as(key, json(post("/api/v1/jobs"), LONG_JOB));
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        tooMany(as(key, json(post("/api/v1/jobs"), LONG_JOB)), "maxActiveJobs", 1, 1);
        assertThat(items(as(key, get("/api/v1/jobs")))).hasSize(1);

        String id = (String) api.map(first).get("id");
        as(key, post("/api/v1/jobs/" + id + "/cancel"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"CANCELLED".equals(api.map(as(key, get("/api/v1/jobs/" + id))).get("status"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Api.sleep(100);
        }
        MvcResult again = as(key, json(post("/api/v1/jobs"), LONG_JOB));
        assertThat(again.getResponse().getStatus()).isEqualTo(201);
        as(key, post("/api/v1/jobs/" + api.map(again).get("id") + "/cancel"));
    }

    @Test
    void aDatasetPastTheKeysStoredBytesIsRefusedAndLeavesNothing() {
        String key = key("{\"maxDatasetBytes\": 64}");
        tooMany(as(key, post("/api/v1/datasets?label=label").contentType("text/csv").content(CSV)), "maxDatasetBytes", 64, 0);
        tooMany(as(key, json(post("/api/v1/datasets"), "{\"generator\": \"blobs\", \"trainSamples\": 100, \"testSamples\": 10}")),
                "maxDatasetBytes", 64, 0);
        assertThat(Api.body(as(key, get("/api/v1/datasets")))).doesNotContain("\"csv-").doesNotContain("blobs-");

        String roomy = key("{\"maxDatasetBytes\": 100000}");
        assertThat(as(roomy, post("/api/v1/datasets?label=label").contentType("text/csv").content(CSV)).getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void predictionsPastTheKeysRateAreRefusedWithRetryAfter() {
        String key = key("{\"maxRequestsPerMinute\": 2}");
        String dataset = (String) api.map(as(key, post("/api/v1/datasets?label=label").contentType("text/csv").content(CSV))).get("id");
        // The upload took one of the two requests of this minute.
        String job = (String) api.map(as(key, json(post("/api/v1/jobs"), """
                {"dataset": {"id": "%s"}, "model": {"layers": []}, "epochs": 1, "batchSize": 2, "seed": 1}""".formatted(dataset)))).get("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!"SUCCEEDED".equals(api.map(as(key, get("/api/v1/jobs/" + job))).get("status"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Api.sleep(100);
        }
        String body = "{\"instances\": [[0.1, 0.2]]}";
        assertThat(as(key, json(post("/api/v1/jobs/" + job + "/predictions"), body)).getResponse().getStatus()).isEqualTo(200);
        MvcResult refused = as(key, json(post("/api/v1/jobs/" + job + "/predictions"), body));
        tooMany(refused, "maxRequestsPerMinute", 2, 2);
        long retryAfter = Long.parseLong(refused.getResponse().getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        // Reading is not rate limited.
        assertThat(as(key, get("/api/v1/jobs/" + job)).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKeysStudiesTogetherRunAtMostItsTrialsAtOnce() {
        String key = key("{\"maxRunningTrials\": 1}");
        String study = """
                {"base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": []}, "epochs": 2, "batchSize": 64, "seed": 1},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.1}}, "trials": 2, "maxConcurrentTrials": %d,
                 "preflight": "off"}""";
        MvcResult wide = as(key, json(post("/api/v1/studies"), study.formatted(2)));
        tooMany(wide, "maxRunningTrials", 1, 0);
        assertThat(items(as(key, get("/api/v1/studies")))).isEmpty();

        String one = (String) api.map(as(key, json(post("/api/v1/studies"), study.formatted(1)))).get("id");
        String two = (String) api.map(as(key, json(post("/api/v1/studies"), study.formatted(1)))).get("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            List<Map<String, Object>> jobs = items(as(key, get("/api/v1/jobs?size=100")));
            long active = jobs.stream().filter(j -> j.get("status").equals("QUEUED") || j.get("status").equals("RUNNING")).count();
            assertThat(active).as("trials queued or running at once").isLessThanOrEqualTo(1);
            Object s1 = api.map(as(key, get("/api/v1/studies/" + one))).get("status");
            Object s2 = api.map(as(key, get("/api/v1/studies/" + two))).get("status");
            if ("SUCCEEDED".equals(s1) && "SUCCEEDED".equals(s2)) {
                break;
            }
            assertThat(System.nanoTime()).as("both studies finish").isLessThan(deadline);
            Api.sleep(100);
        }
        assertThat(items(as(key, get("/api/v1/jobs?size=100")))).hasSize(4);
    }
}
