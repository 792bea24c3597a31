package io.descent.study.web;

import io.descent.study.StudyRequest;
import io.descent.study.StudyService;
import io.descent.study.StudySnapshot;
import io.descent.study.StudyStatus;
import io.descent.system.InvalidParameterException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Hyperparameter studies: many trials from a search space, trained as jobs on the shared queue. */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
@RequestMapping("/api/v1/studies")
class StudyController {

    static final int MAX_PAGE_SIZE = 100;

    private final StudyService studies;
    private final StudyStreams streams;

    StudyController(StudyService studies, StudyStreams streams) {
        this.studies = studies;
        this.streams = streams;
    }

    /** Server-sent events: a snapshot of the study, then every change to it and its trials; ends when the study does. */
    @GetMapping(value = "/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.SseEmitter> stream(@PathVariable UUID id) {
        return ResponseEntity.ok().header("Cache-Control", "no-cache, no-transform").header("X-Accel-Buffering", "no")
                .body(streams.subscribe(id));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StudyView> create(@RequestBody StudyRequest request) {
        StudySnapshot study = studies.create(request);
        return ResponseEntity.created(URI.create("/api/v1/studies/" + study.id())).body(StudyView.of(study));
    }

    @GetMapping
    StudyPageView list(@RequestParam(required = false) StudyStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || page > Integer.MAX_VALUE / MAX_PAGE_SIZE) {
            throw new InvalidParameterException("page", "\"page\" counts from 0 up to " + Integer.MAX_VALUE / MAX_PAGE_SIZE + "; got " + page + ".");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidParameterException("size", "\"size\" must be from 1 to " + MAX_PAGE_SIZE + "; got " + size + ".");
        }
        Page<StudySnapshot> result = studies.list(status, page, size);
        return new StudyPageView(result.getContent().stream().map(StudyView::of).toList(), page, size, result.getTotalElements(),
                result.getTotalPages());
    }

    @GetMapping("/{id}")
    StudyView get(@PathVariable UUID id) {
        return StudyView.of(studies.get(id));
    }

    /** @param sort "trial" (default: by trial number) or "objective" (best first) */
    @GetMapping("/{id}/trials")
    TrialsView trials(@PathVariable UUID id, @RequestParam(defaultValue = "trial") String sort) {
        if (!sort.equals("trial") && !sort.equals("objective")) {
            throw new InvalidParameterException("sort", "\"sort\" is \"trial\" (by number) or \"objective\" (best first); got \"" + sort + "\".");
        }
        return new TrialsView(studies.trials(id, sort));
    }

    @PostMapping("/{id}/cancel")
    StudyView cancel(@PathVariable UUID id) {
        return StudyView.of(studies.cancel(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        studies.delete(id);
        return ResponseEntity.noContent().build();
    }

    record StudyPageView(List<StudyView> items, int page, int size, long totalItems, int totalPages) {}

    record TrialsView(List<StudySnapshot.Trial> trials) {}
}
