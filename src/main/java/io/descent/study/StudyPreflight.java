package io.descent.study;

import io.descent.preflight.Preflight;
import io.descent.preflight.PreflightReport;
import io.descent.preflight.Verdict;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The reference's two checks of a sane setup, run on a study's base before its first stage: the
 * initial loss against chance and fitting a tiny subset. With {@code "preflight": "require"} (the
 * default) a base that fails them is refused before any budget is spent; {@code "warn"} starts the
 * study anyway and keeps the report for the study view.
 */
@Component
class StudyPreflight {

    private final Preflight preflight;

    StudyPreflight(Preflight preflight) {
        this.preflight = preflight;
    }

    /** @return the report to keep with the study, or null when the study turned preflight off */
    PreflightReport check(StudyPlan plan) {
        if (plan.preflight().equals("off")) {
            return null;
        }
        PreflightReport report = preflight.check(plan.base());
        if (!report.pass() && plan.preflight().equals("require")) {
            List<BodyProblem> problems = new ArrayList<>();
            String fix = " Fix the base, or set \"preflight\": \"warn\" to start the study anyway (or \"off\" to skip the checks).";
            if (report.initialLoss().verdict() == Verdict.FAIL) {
                problems.add(new BodyProblem("/base", "Preflight: the initial loss " + report.initialLoss().measured() + " is not near chance ("
                        + report.initialLoss().chance() + " = " + report.initialLoss().expected() + " ± " + report.initialLoss().tolerance() + "). "
                        + nonNull(report.initialLoss().advice()) + fix));
            }
            if (report.overfitTinySubset().verdict() == Verdict.FAIL) {
                PreflightReport.OverfitCheck o = report.overfitTinySubset();
                problems.add(new BodyProblem("/base", "Preflight: the network did not fit " + o.subsetSize() + " training samples in " + o.maxSteps()
                        + " steps (accuracy " + o.finalAccuracy() + ", loss " + o.startLoss() + " → " + o.finalLoss() + "). "
                        + nonNull(o.advice()) + fix));
            }
            throw new PreflightFailedException(problems);
        }
        return report;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** A 422: the base is valid but fails a sanity check, and the study asked for the checks to pass. */
    static final class PreflightFailedException extends InvalidRequestException {
        PreflightFailedException(List<BodyProblem> problems) {
            super("Preflight failed", problems, true);
        }
    }
}
