package io.cellchat.app;

import io.cellchat.app.cell.GatewayProcess;
import io.cellchat.app.cell.HistoryProcess;
import io.cellchat.app.cell.MessagingProcess;
import io.cellchat.app.cell.SequencerProcess;
import io.cellchat.app.cell.UsersProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cellchat serve --role <role>}: one role of a distributed cell per process, on Kafka, Cassandra, PostgreSQL
 * and Redis. Configured by the documented keys (docs/configuration.md) from {@code --config}, the {@code CELLCHAT_*}
 * environment variables and {@code --set}, in that order.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run one role of a distributed cell (see docs/configuration.md for its keys).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** The roles this build composes. */
    enum Role {
        users,
        gateway,
        messaging,
        sequencer,
        history
    }

    @Option(names = "--role", required = true, description = "The role to run: ${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(names = "--config", description = "Properties file of configuration keys (see docs/configuration.md).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Sets one configuration key, after --config and the environment; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        Config settings = Config.load(config, overrides, System.getenv());
        log.info("starting the {} role with:{}", role, settings.describe());
        Running process = switch (role) {
            case users -> {
                UsersProcess users = UsersProcess.start(CellSettings.users(settings), Main.buildInfo());
                yield new Running(users, users::awaitTermination);
            }
            case gateway -> {
                GatewayProcess gateway = GatewayProcess.start(CellSettings.gateway(settings), Main.buildInfo());
                yield new Running(gateway, gateway::awaitTermination);
            }
            case messaging -> {
                MessagingProcess messaging = MessagingProcess.start(CellSettings.messaging(settings), Main.buildInfo());
                yield new Running(messaging, messaging::awaitTermination);
            }
            case sequencer -> {
                SequencerProcess sequencer = SequencerProcess.start(CellSettings.sequencer(settings), Main.buildInfo());
                yield new Running(sequencer, sequencer::awaitTermination);
            }
            case history -> {
                HistoryProcess history = HistoryProcess.start(CellSettings.history(settings), Main.buildInfo());
                yield new Running(history, history::awaitTermination);
            }
        };
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            try {
                process.role().close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }));
        process.await().run();
        return 0;
    }

    /** A started role and how to wait until its server stops. */
    private record Running(AutoCloseable role, Runnable await) {}
}
