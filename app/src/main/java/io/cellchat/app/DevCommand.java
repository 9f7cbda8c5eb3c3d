package io.cellchat.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cellchat dev}: every role in one process, embedded storage, one port. */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = "Run Cellchat in one process with embedded storage (the default way to try it).")
final class DevCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP and WebSocket port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 exposes it to the network.")
    String host;

    @Option(names = "--data", defaultValue = "data", description = "Data folder (default: ./${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--config", description = "Properties file of configuration keys (see docs/configuration.md).")
    @Nullable Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Sets one configuration key, after --config; repeatable. Example: --set chat.max-group-members=500")
    java.util.List<String> overrides = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        DevProcess process = DevProcess.start(
                new DevSettings(host, port, data, Config.load(config, overrides, System.getenv())), Main.buildInfo());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(process::close));
        process.awaitTermination();
        return 0;
    }
}
