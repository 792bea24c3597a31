package io.descent.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API as a test uses it; every exchange is checked against the OpenAPI contract. */
public final class Api {

    private final MockMvc mvc;
    private final JsonMapper json = JsonMapper.builder().build();

    public Api(MockMvc mvc) {
        this.mvc = mvc;
    }

    public MvcResult perform(RequestBuilder request) {
        try {
            MvcResult result = mvc.perform(request).andReturn();
            ContractValidator.check(result);
            return result;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public MvcResult submit(String specJson) {
        return perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(specJson));
    }

    /** Submits and returns the new job's id, failing unless the answer is 201. */
    public String submitOk(String specJson) {
        MvcResult result = submit(specJson);
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("Expected 201, got " + result.getResponse().getStatus() + ": " + body(result));
        }
        return (String) map(result).get("id");
    }

    public Map<String, Object> job(String id) {
        return map(perform(get("/api/v1/jobs/{id}", id)));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> metrics(String id) {
        return json.readValue(body(perform(get("/api/v1/jobs/{id}/metrics", id))), List.class);
    }

    public MvcResult cancel(String id) {
        return perform(post("/api/v1/jobs/{id}/cancel", id));
    }

    public MvcResult deleteJob(String id) {
        return perform(delete("/api/v1/jobs/{id}", id));
    }

    /** Polls the job until {@code condition} holds; fails after {@code timeout}. */
    public Map<String, Object> await(String id, Predicate<Map<String, Object>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> job = job(id);
        while (!condition.test(job)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting on job " + id + "; last state: " + job);
            }
            sleep(50);
            job = job(id);
        }
        return job;
    }

    public Map<String, Object> awaitStatus(String id, String status) {
        return await(id, j -> status.equals(j.get("status")), Duration.ofSeconds(120));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(MvcResult result) {
        return json.readValue(body(result), Map.class);
    }

    public static String body(MvcResult result) {
        try {
            return result.getResponse().getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thread.sleep for tests: an interrupt fails the test. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
