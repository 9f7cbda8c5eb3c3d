package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void should_stop_with_one_line_naming_the_key_when_the_configuration_is_bad() {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("serve", "--role", "users", "--set", "cell.id=99");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("cellchat serve: cell.id: '99' (expected: 0..15)" + System.lineSeparator());
    }

    @Test
    void should_refuse_a_role_it_does_not_know() {
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setErr(new PrintWriter(err));

        int exit = command.execute("serve", "--role", "janitor");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--role'").contains("users, gateway");
    }
}
