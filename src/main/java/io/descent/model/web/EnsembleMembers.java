package io.descent.model.web;

import io.descent.job.JobNotFoundException;
import io.descent.job.JobService;
import io.descent.job.StudyTrials;
import io.descent.job.spec.SpecLimits;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns an ensemble request's {@code jobs} or {@code members} into the models to average: every
 * problem is reported with its JSON pointer, the request's shape first (400), then unknown jobs
 * (404), then epochs without a kept checkpoint (409). Studies are asked through {@link StudyTrials},
 * which a node may not have.
 */
@Component
class EnsembleMembers {

    /**
     * One model of the ensemble.
     *
     * @param epoch the kept checkpoint's epoch; null for the job's latest model
     * @param study the study it was drawn from, or null
     * @param pointer where the request named it
     */
    record Member(UUID job, Integer epoch, UUID study, String pointer) {}

    private final JobService jobs;
    private final ObjectProvider<StudyTrials> studies;
    private final SpecLimits limits;

    EnsembleMembers(JobService jobs, ObjectProvider<StudyTrials> studies, SpecLimits limits) {
        this.jobs = jobs;
        this.studies = studies;
        this.limits = limits;
    }

    /**
     * @param violations the caller's own findings about the request, thrown together with these (a 400)
     * @return the members in request order, a job's epochs in the order given
     */
    List<Member> resolve(List<UUID> jobIds, List<Views.MemberRequest> members, Violations violations) {
        if (jobIds != null && members != null) {
            violations.add("/members", "Give the members either as \"jobs\" (job ids) or as \"members\" (objects), not both.");
        } else if (members != null) {
            checkMembers(members, violations);
        } else {
            checkJobs(jobIds, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid ensemble request", violations.map(BodyProblem::new));
        }
        List<Member> resolved = members == null ? fromJobs(jobIds) : expand(members);
        String pointer = members == null ? "/jobs" : "/members";
        if (resolved.size() < 2) {
            violations.add(pointer, "An ensemble averages at least two models; these members name " + resolved.size() + ".");
        } else if (resolved.size() > limits.maxEnsembleMembers()) {
            violations.add(pointer, tooMany(resolved.size()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid ensemble request", violations.map(BodyProblem::new));
        }
        return resolved;
    }

    private void checkJobs(List<UUID> jobIds, Violations violations) {
        if (jobIds == null || jobIds.size() < 2) {
            violations.add("/jobs", "Name at least two job ids to average.");
        } else if (jobIds.size() > limits.maxEnsembleMembers()) {
            violations.add("/jobs", tooMany(jobIds.size()));
        } else {
            for (int i = 0; i < jobIds.size(); i++) {
                if (jobIds.get(i) == null) {
                    violations.add("/jobs/" + i, "Each entry must be a job id (a UUID), not null.");
                }
            }
        }
    }

    private void checkMembers(List<Views.MemberRequest> members, Violations violations) {
        int max = limits.maxEnsembleMembers();
        if (members.isEmpty()) {
            violations.add("/members", "Name the members: [{\"job\": id}, {\"job\": id, \"epochs\": [5, 10]}, {\"study\": id, \"top\": 5}].");
            return;
        }
        long count = 0;
        for (int i = 0; i < members.size(); i++) {
            Views.MemberRequest m = members.get(i);
            String at = "/members/" + i;
            if (m == null) {
                violations.add(at, "Each member must be an object: {\"job\": id}, {\"job\": id, \"epochs\": [...]} or {\"study\": id, \"top\": k}.");
            } else if ((m.job() == null) == (m.study() == null)) {
                violations.add(at, "Each member names either a \"job\" or a \"study\", not both and not neither.");
            } else if (m.job() != null) {
                if (m.top() != null) {
                    violations.add(at + "/top", "\"top\" picks a study's best trials; a job member takes \"epochs\" instead.");
                }
                count += m.epochs() == null ? 1 : m.epochs().size();
                checkEpochs(m.epochs(), at + "/epochs", violations);
            } else {
                if (m.epochs() != null) {
                    violations.add(at + "/epochs", "\"epochs\" picks checkpoints of one job; a study member takes \"top\".");
                }
                if (m.top() == null || m.top() < 1 || m.top() > max) {
                    violations.add(at + "/top", "\"top\" is how many of the study's best trials to average, from 1 to " + max
                            + " (descent.limits.max-ensemble-members); got " + m.top() + ".");
                } else {
                    count += m.top();
                }
            }
        }
        if (count > max) {
            violations.add("/members", tooMany(count));
        }
    }

    private static void checkEpochs(List<Integer> epochs, String pointer, Violations violations) {
        if (epochs == null) {
            return;
        }
        if (epochs.isEmpty()) {
            violations.add(pointer, "Name at least one epoch, or leave \"epochs\" out for the job's latest model.");
        }
        var seen = new HashSet<Integer>();
        for (int j = 0; j < epochs.size(); j++) {
            Integer epoch = epochs.get(j);
            if (epoch == null || epoch < 1) {
                violations.add(pointer + "/" + j, "Each epoch must be an integer of at least 1; got " + epoch + ".");
            } else if (!seen.add(epoch)) {
                violations.add(pointer + "/" + j, "Epoch " + epoch + " is named twice.");
            }
        }
    }

    private List<Member> fromJobs(List<UUID> jobIds) {
        List<BodyProblem> unknown = new ArrayList<>();
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            out.add(new Member(jobIds.get(i), null, null, "/jobs/" + i));
            kept(jobIds.get(i), "/jobs/" + i, new HashMap<>(), unknown);
        }
        throwIfAny(unknown, List.of());
        return out;
    }

    private List<Member> expand(List<Views.MemberRequest> members) {
        List<BodyProblem> unknown = new ArrayList<>();
        List<BodyProblem> notKept = new ArrayList<>();
        Map<UUID, List<Integer>> keptByJob = new HashMap<>();
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Views.MemberRequest m = members.get(i);
            String at = "/members/" + i;
            if (m.study() != null) {
                for (UUID job : trials(m.study(), m.top(), at)) {
                    out.add(new Member(job, null, m.study(), at));
                }
                continue;
            }
            List<Integer> kept = kept(m.job(), at + "/job", keptByJob, unknown);
            if (m.epochs() == null) {
                out.add(new Member(m.job(), null, null, at));
                continue;
            }
            for (int j = 0; j < m.epochs().size(); j++) {
                int epoch = m.epochs().get(j);
                if (kept != null && !kept.contains(epoch)) {
                    notKept.add(new BodyProblem(at + "/epochs/" + j, "Job " + m.job() + " has no kept checkpoint after epoch " + epoch
                            + "; kept: " + kept + " (set \"checkpoints\": {\"keepEvery\": k} in the job spec to keep more)."));
                }
                out.add(new Member(m.job(), epoch, null, at + "/epochs/" + j));
            }
        }
        throwIfAny(unknown, notKept);
        return out;
    }

    /** The job's kept epochs, or null when it does not exist (added to {@code unknown}). */
    private List<Integer> kept(UUID job, String pointer, Map<UUID, List<Integer>> cache, List<BodyProblem> unknown) {
        if (cache.containsKey(job)) {
            return cache.get(job);
        }
        List<Integer> kept;
        try {
            kept = jobs.checkpointEpochs(job);
        } catch (JobNotFoundException e) {
            unknown.add(new BodyProblem(pointer, e.getMessage()));
            kept = null;
        }
        cache.put(job, kept);
        return kept;
    }

    private List<UUID> trials(UUID study, int top, String pointer) {
        StudyTrials trials = studies.getIfAvailable();
        if (trials == null) {
            throw new InvalidRequestException("Invalid ensemble request", List.of(new BodyProblem(pointer + "/study",
                    "Studies are not available on this node (no study service is installed); name the trials' jobs instead.")));
        }
        return trials.best(study, top);
    }

    private static void throwIfAny(List<BodyProblem> unknown, List<BodyProblem> notKept) {
        if (!unknown.isEmpty()) {
            throw new MemberProblemException(HttpStatus.NOT_FOUND, "Job not found", unknown);
        }
        if (!notKept.isEmpty()) {
            throw new MemberProblemException(HttpStatus.CONFLICT, "Job state does not allow this", notKept);
        }
    }

    private String tooMany(long count) {
        return "At most " + limits.maxEnsembleMembers() + " models can be averaged (descent.limits.max-ensemble-members); got " + count + ".";
    }
}
