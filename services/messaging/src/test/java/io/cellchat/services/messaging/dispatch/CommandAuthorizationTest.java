package io.cellchat.services.messaging.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.SocialGraph;
import io.cellchat.domain.social.Tie;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision on the event loop ({@link CommandAuthorization#checkInMemory}) against the one off it
 * ({@link CommandAuthorization#check}), over the same facts: whenever the first decides, it decides the same (allowed,
 * or the same error and message); it never decides what needs a store read.
 */
class CommandAuthorizationTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;
    private static final ConversationId ALICE_BOB = ConversationId.direct(ALICE, BOB);
    private static final ConversationId BOB_CAROL = ConversationId.direct(BOB, CAROL);
    private static final ConversationId GROUP = ConversationId.group(9);

    /** Facts held in memory: a block, a contact, settings. */
    private record Facts(Set<List<Long>> blocks, Set<List<Long>> contacts, Map<Long, PrivacySettings> settings,
            boolean talked) implements SocialGraph {

        @Override
        public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
            Map<Long, Tie> ties = new HashMap<>();
            subjects.forEach(subject -> ties.put(subject, tie(viewer, subject)));
            return ties;
        }

        private Tie tie(long viewer, long subject) {
            return new Tie(contacts.contains(List.of(Math.min(viewer, subject), Math.max(viewer, subject))),
                    blocks.contains(List.of(subject, viewer)), blocks.contains(List.of(viewer, subject)),
                    settings.getOrDefault(subject, PrivacySettings.DEFAULTS));
        }

        @Override
        public @Nullable Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
            return ties(viewer, subjects);
        }

        @Override
        public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
            Map<Long, Tie> ties = new HashMap<>();
            viewers.forEach(viewer -> ties.put(viewer, tie(viewer, subject)));
            return ties;
        }
    }

    static Stream<Facts> facts() {
        PrivacySettings contactsOnly = new PrivacySettings(Audience.CONTACTS, Audience.EVERYONE, Audience.EVERYONE);
        return Stream.of(
                new Facts(Set.of(), Set.of(), Map.of(), false),
                new Facts(Set.of(List.of(BOB, ALICE)), Set.of(), Map.of(), false),
                new Facts(Set.of(List.of(ALICE, BOB)), Set.of(), Map.of(), false),
                new Facts(Set.of(), Set.of(), Map.of(BOB, contactsOnly), false),
                new Facts(Set.of(), Set.of(), Map.of(BOB, contactsOnly), true),
                new Facts(Set.of(), Set.of(List.of(ALICE, BOB)), Map.of(BOB, contactsOnly), false));
    }

    @ParameterizedTest
    @MethodSource("facts")
    void should_decide_on_the_event_loop_only_as_the_store_path_would(Facts facts) {
        CommandAuthorization commands = new CommandAuthorization(new Authorization(facts, (a, b) -> facts.talked()));
        MessageBody hello = new MessageBody.Text("hello");
        List<ChatCommand> all = List.of(new ChatCommand.PostMessage(ALICE_BOB, hello, 0),
                new ChatCommand.EditMessage(ALICE_BOB, 1, hello), new ChatCommand.React(ALICE_BOB, 1, "👍", true),
                new ChatCommand.PostMessage(BOB_CAROL, hello, 0), new ChatCommand.PostMessage(GROUP, hello, 0),
                new ChatCommand.DeleteMessage(ALICE_BOB, 1),
                new ChatCommand.CreateGroup(GROUP, "g", List.of(ALICE, BOB)),
                new ChatCommand.AddMembers(GROUP, List.of(BOB)));
        Set<String> decidedInMemory = new HashSet<>();
        for (ChatCommand command : all) {
            Throwable offLoop = catchThrowable(() -> commands.check(ALICE, command));
            Boolean[] decided = {null};
            Throwable onLoop = catchThrowable(() -> decided[0] = commands.checkInMemory(ALICE, command));
            if (command instanceof ChatCommand.CreateGroup || command instanceof ChatCommand.AddMembers) {
                assertThat(decided[0]).as("%s reads the store", command).isFalse();
            }
            if (onLoop != null || Boolean.TRUE.equals(decided[0])) {
                decidedInMemory.add(command.getClass().getSimpleName());
                assertThat(onLoop == null ? null : onLoop.getMessage()).as("%s", command)
                        .isEqualTo(offLoop == null ? null : offLoop.getMessage());
                assertThat(onLoop == null ? null : onLoop.getClass()).as("%s", command)
                        .isEqualTo(offLoop == null ? null : offLoop.getClass());
            }
        }
        boolean needsHistory = !facts.contacts().contains(List.of(ALICE, BOB)) && facts.blocks().isEmpty()
                && facts.settings().containsKey(BOB);
        assertThat(decidedInMemory).as("decided on the loop").contains("DeleteMessage")
                .containsAll(needsHistory ? List.of() : List.of("PostMessage", "EditMessage", "React"));
    }
}
