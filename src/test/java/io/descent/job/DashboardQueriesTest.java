package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard and Prometheus rules ask only for series this service exports: a
 * renamed meter would otherwise leave an empty panel or an alert that can never fire, silently.
 */
@FullStackTest
class DashboardQueriesTest {

    /** Series names of our own exporters inside a PromQL expression (recording rules use colons, so they do not match). */
    private static final Pattern SERIES = Pattern.compile("\\b(?:descent|jvm|process)_[a-z0-9_]+\\b");

    @Autowired
    MockMvc mvc;

    @Test
    void everySeriesTheDashboardAndTheAlertsQueryIsExported() throws IOException {
        Api api = new Api(mvc);
        api.awaitStatus(api.submitOk(Specs.tiny(1)), "SUCCEEDED");
        Set<String> exported = Api.body(api.perform(get("/actuator/prometheus"))).lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));

        List<String> expressions = new ArrayList<>(dashboardExpressions());
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(13);
        int dashboard = expressions.size();
        expressions.addAll(ruleExpressions());
        assertThat(expressions.size() - dashboard).as("the rules' expressions").isGreaterThanOrEqualTo(6);

        Set<String> queried = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = SERIES.matcher(expression);
            while (m.find()) {
                queried.add(m.group());
            }
        }
        assertThat(queried).as("series named by the queries").hasSizeGreaterThanOrEqualTo(12);
        assertThat(exported).as("series this node exports").containsAll(queried);
    }

    @Test
    void theFailureSeriesCoverEveryErrorTypeOfTheContract() throws IOException {
        Map<String, Object> contract = new Yaml().load(Files.readString(Path.of("openapi/openapi.yaml")));
        Map<String, Object> error = schema(contract, "JobError");
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) ((Map<String, Object>) ((Map<String, Object>) error.get("properties")).get("type")).get("enum");
        assertThat(JobMetrics.FAILURE_TYPES).containsExactlyInAnyOrderElementsOf(types);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> contract, String name) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("schemas")).get(name);
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(Path.of("deploy/grafana/dashboards/descent.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("deploy/prometheus/descent.rules.yml")));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }
}
