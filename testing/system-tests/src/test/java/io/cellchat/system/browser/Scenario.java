package io.cellchat.system.browser;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The tests of a class are the steps of one scenario (run them in order with {@code @Order}): after a failed step
 * the later ones are skipped rather than failing for the same reason, and a failed step saves every open browser
 * into target/browser-failures/ (screenshot, page, client state, console).
 */
final class Scenario implements TestWatcher, ExecutionCondition {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Scenario.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("class level");
        }
        String failed = classStore(context).get("failed", String.class);
        return failed == null
                ? ConditionEvaluationResult.enabled("no earlier step failed")
                : ConditionEvaluationResult.disabled("an earlier step failed: " + failed);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String step = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        classStore(context).put("failed", step);
        Browser.captureAll(step);
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        Optional<ExtensionContext> parent = context.getParent();
        ExtensionContext classContext = context.getTestMethod().isPresent() && parent.isPresent() ? parent.get() : context;
        return classContext.getStore(NS);
    }
}
