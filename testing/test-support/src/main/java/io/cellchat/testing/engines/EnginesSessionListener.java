package io.cellchat.testing.engines;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the engines at the end of a JUnit session when this JVM owns the run (tests outside Maven). Under Maven the
 * engines outlive each module's JVM and stop when Maven exits. Registered in {@code META-INF/services}.
 */
public final class EnginesSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Engines.get().stopOwned();
    }
}
