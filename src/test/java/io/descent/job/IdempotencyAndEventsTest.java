package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@FullStackTest
class IdempotencyAndEventsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    private MvcResult submit(String key, String body) {
        return api.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key).content(body));
    }

    @Test
    void theSameKeySentTwiceAtOnceMakesOneJob() throws Exception {
        String key = "key-" + UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        Callable<MvcResult> call = () -> {
            go.await();
            return submit(key, Specs.tiny(1));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<MvcResult> first = pool.submit(call);
            Future<MvcResult> second = pool.submit(call);
            go.countDown();
            List<MvcResult> results = List.of(first.get(), second.get());
            assertThat(results).extracting(r -> r.getResponse().getStatus()).containsExactlyInAnyOrder(201, 200);
            assertThat(results).extracting(r -> api.map(r).get("id")).containsOnly(api.map(results.get(0)).get("id"));
            assertThat(results).extracting(r -> r.getResponse().getHeader("Location")).doesNotContainNull().containsOnly(
                    "/api/v1/jobs/" + api.map(results.get(0)).get("id"));
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("select count(*) from job where idempotency_key = ?", Long.class, key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks t join job j on t.task_instance = cast(j.id as varchar) "
                + "where j.idempotency_key = ?", Long.class, key)).isLessThanOrEqualTo(1);
        api.awaitStatus((String) api.map(submit(key, Specs.tiny(1))).get("id"), "SUCCEEDED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameKeyWithAnotherBodyIsAConflict() {
        String key = "key-" + UUID.randomUUID();
        assertThat(submit(key, Specs.tiny(1)).getResponse().getStatus()).isEqualTo(201);
        MvcResult conflict = submit(key, Specs.tiny(2));
        assertThat(conflict.getResponse().getStatus()).isEqualTo(409);
        assertThat(conflict.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat((String) api.map(conflict).get("detail")).contains(key).contains("new key");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventsTellTheStoryOfAJob() throws Exception {
        String finished = api.submitOk(Specs.tiny(2));
        api.awaitStatus(finished, "SUCCEEDED");
        String cancelled = api.submitOk(Specs.tiny(400));
        api.awaitStatus(cancelled, "RUNNING");
        api.cancel(cancelled);
        api.awaitStatus(cancelled, "CANCELLED");

        List<Map<String, Object>> story = events(finished);
        assertThat(story).extracting(e -> e.get("status")).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(story).extracting(e -> (String) e.get("reason")).satisfies(r -> {
            assertThat(r.get(0)).isEqualTo("submitted");
            assertThat(r.get(1)).startsWith("started on node ");
            assertThat(r.get(2)).isEqualTo("finished 2 epochs");
        });
        assertThat(story).allSatisfy(e -> assertThat(e.get("node")).isNotNull());
        assertThat(events(cancelled)).extracting(e -> (String) e.get("reason"))
                .contains("submitted", "cancel requested").anySatisfy(r -> assertThat(r).startsWith("cancelled after epoch"));
        assertThat(api.perform(get("/api/v1/jobs/{id}/events", UUID.randomUUID())).getResponse().getStatus()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String id) {
        return tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(Api.body(api.perform(get("/api/v1/jobs/{id}/events", id))), List.class);
    }
}
