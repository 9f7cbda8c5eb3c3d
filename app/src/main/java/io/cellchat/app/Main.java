package io.cellchat.app;

import io.cellchat.platform.server.BuildInfo;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cellchat} executable. Each subcommand is a process kind; {@code ./cellchat --help} lists them.
 */
@Command(
        name = "cellchat",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Cellchat: a chat server whose clients can prove they missed no message.",
        subcommands = {DevCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Client protocols this build speaks, as WebSocket subprotocols. */
    static final List<String> PROTOCOLS = List.of("cellchat.v1.json", "cellchat.v1.proto");

    static BuildInfo buildInfo() {
        return BuildInfo.fromResource(Main.class, "build.properties", PROTOCOLS);
    }

    public static void main(String[] args) {
        // Avatars are decoded and drawn with java.awt images: a server never opens a display, even where DISPLAY is set.
        System.setProperty("java.awt.headless", "true");
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::startFailed);
    }

    /**
     * A bad configuration key or value (an {@link IllegalArgumentException} whose message names the key and the
     * value) or an unreadable {@code --config} file: one line on stderr and exit status 2, no stack trace. Anything
     * else is a bug: the stack trace and status 1.
     */
    private static int startFailed(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        if (failure instanceof IllegalArgumentException || failure instanceof java.io.UncheckedIOException) {
            command.getErr().println("cellchat " + command.getCommandName() + ": " + failure.getMessage());
            return 2;
        }
        failure.printStackTrace(command.getErr());
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {buildInfo().describe("cellchat")};
        }
    }
}
