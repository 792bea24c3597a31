package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.io.RandomAccessFile;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** A model whose checkpoint was damaged on disk is refused with a reason, not served as garbage or a 500. */
@FullStackTest
class DamagedModelTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDamagedCheckpointIsAConflictNamingTheDamage() throws Exception {
        Api api = new Api(mvc);
        String id = api.submitOk(Specs.tiny(1));
        api.awaitStatus(id, "SUCCEEDED");
        String path = jdbc.queryForObject("select path from job_checkpoint where job_id = ? order by epoch desc limit 1", String.class,
                UUID.fromString(id));
        try (RandomAccessFile raf = new RandomAccessFile(path, "rw")) {
            raf.seek(raf.length() - 40);
            int b = raf.read();
            raf.seek(raf.length() - 40);
            raf.write(b ^ 1);
        }
        String instance = "[" + "0.5,".repeat(783) + "0.5]";
        MvcResult result = api.perform(post("/api/v1/jobs/" + id + "/predictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [" + instance + "]}"));
        assertThat(result.getResponse().getStatus()).isEqualTo(409);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(Api.body(result)).contains("after epoch 1 cannot be used: the checkpoint file is damaged (checksum mismatch)")
                .doesNotContain(path);
    }
}
