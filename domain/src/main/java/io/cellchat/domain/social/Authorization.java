package io.cellchat.domain.social;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.presence.Presence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one authorization component: answers "may A message B", "may A add B to a group", "what of B's presence and
 * profile may A see" by reading the facts ({@link SocialGraph}, and whether two users have a direct conversation)
 * and applying {@link AccessPolicy}. The WebSocket edge, the REST reads and the users service's REST API all call
 * this one object, so no API can answer differently from another. The one rule it does not apply is search's
 * (rule 9), which the stores' search queries apply as a filter (see {@link AccessPolicy}). Blocking: it reads
 * stores; call it off the event loop, except {@link #requireMayMessageInMemory}, which never blocks.
 */
public final class Authorization {

    /** Whether two users have a direct conversation (at least one message between them). */
    @FunctionalInterface
    public interface DirectConversations {
        boolean exists(long userA, long userB);
    }

    /**
     * Who of a subject's watchers sees what of a presence change.
     *
     * @param withLastSeen see the status and the last-seen time
     * @param statusOnly see the status only
     */
    public record PresenceAudience(Set<Long> withLastSeen, Set<Long> statusOnly) {
        public PresenceAudience {
            withLastSeen = Set.copyOf(withLastSeen);
            statusOnly = Set.copyOf(statusOnly);
        }
    }

    private final SocialGraph graph;
    private final DirectConversations direct;

    public Authorization(SocialGraph graph, DirectConversations direct) {
        this.graph = requireNonNull(graph, "graph");
        this.direct = requireNonNull(direct, "direct");
    }

    /** Rules 1 and 2 (posting, editing, reacting in the direct conversation of {@code actor} and {@code peer}). */
    public void requireMayMessage(long actor, long peer) {
        Tie tie = tie(actor, peer);
        AccessPolicy.requireMayMessage(tie, peer, needsHistory(tie) && direct.exists(actor, peer));
    }

    /**
     * Rules 1 and 2 decided from facts the graph holds in memory ({@link SocialGraph#tiesInMemory}), without
     * blocking: {@code true} when decided (a refusal throws, as {@link #requireMayMessage} does), {@code false} when
     * the answer needs a store read (the facts are not in memory, or whether the two have talked must be read);
     * then call {@link #requireMayMessage} off the event loop.
     */
    public boolean requireMayMessageInMemory(long actor, long peer) {
        Map<Long, Tie> ties = graph.tiesInMemory(actor, List.of(peer));
        if (ties == null) {
            return false;
        }
        Tie tie = ties.getOrDefault(peer, Tie.STRANGERS);
        if (needsHistory(tie)) {
            return false;
        }
        AccessPolicy.requireMayMessage(tie, peer, false);
        return true;
    }

    /** Whether rule 1 depends on the two having talked before: the peer takes messages from contacts only. */
    private static boolean needsHistory(Tie tie) {
        return !tie.blockedEitherWay() && tie.subjectSettings().messages() == Audience.CONTACTS && !tie.contacts();
    }

    /** Rule 3, for every user named (the actor excluded). */
    public void requireMayAdd(long actor, Collection<Long> users) {
        Set<Long> others = new HashSet<>(users);
        others.remove(actor);
        if (others.isEmpty()) {
            return;
        }
        Map<Long, Tie> ties = graph.ties(actor, others);
        for (long user : users) {
            if (user != actor) {
                AccessPolicy.requireMayAdd(ties.getOrDefault(user, Tie.STRANGERS), user);
            }
        }
    }

    /** Rule 8. */
    public boolean deliversTyping(long actor, long peer) {
        return AccessPolicy.deliversTyping(tie(actor, peer));
    }

    /** Rule 10. */
    public boolean showsInvitation(long inviter, long invitee) {
        return AccessPolicy.showsInvitation(tie(inviter, invitee), invitee);
    }

    /** Rules 5 and 6 for a snapshot: each presence as {@code viewer} may see it. */
    public List<Presence> presenceFor(long viewer, List<Presence> presences) {
        Set<Long> subjects = new HashSet<>();
        presences.forEach(p -> subjects.add(p.userId()));
        subjects.remove(viewer);
        Map<Long, Tie> ties = subjects.isEmpty() ? Map.of() : graph.ties(viewer, subjects);
        List<Presence> visible = new ArrayList<>(presences.size());
        for (Presence presence : presences) {
            if (presence.userId() == viewer) {
                visible.add(presence);
            } else {
                Tie tie = ties.getOrDefault(presence.userId(), Tie.STRANGERS);
                boolean talked = !tie.contacts() && !tie.blockedBySubject()
                        && direct.exists(viewer, presence.userId());
                visible.add(AccessPolicy.presence(tie, talked, presence));
            }
        }
        return visible;
    }

    /** Rules 5 and 6 for a change: which of the subject's watchers see it, and how. */
    public PresenceAudience presenceAudience(long subject, Collection<Long> watchers) {
        Set<Long> others = new HashSet<>(watchers);
        boolean self = others.remove(subject);
        Map<Long, Tie> ties = others.isEmpty() ? Map.of() : graph.audience(subject, others);
        Set<Long> full = new HashSet<>();
        Set<Long> statusOnly = new HashSet<>();
        if (self) {
            full.add(subject);
        }
        for (long watcher : others) {
            Tie tie = ties.getOrDefault(watcher, Tie.STRANGERS);
            if (tie.blockedBySubject() || !(tie.contacts() || direct.exists(watcher, subject))) {
                continue;
            }
            (AccessPolicy.seesLastSeen(tie) ? full : statusOnly).add(watcher);
        }
        return new PresenceAudience(full, statusOnly);
    }

    /** Rule 7 for one profile. */
    public Profile profileFor(long viewer, Profile profile) {
        return profile.userId() == viewer ? profile : AccessPolicy.profile(tie(viewer, profile.userId()), profile);
    }

    /** Rule 7 for many. */
    public Map<Long, Profile> profilesFor(long viewer, Map<Long, Profile> profiles) {
        Set<Long> subjects = new HashSet<>(profiles.keySet());
        subjects.remove(viewer);
        Map<Long, Tie> ties = subjects.isEmpty() ? Map.of() : graph.ties(viewer, subjects);
        Map<Long, Profile> visible = new HashMap<>();
        profiles.forEach((id, profile) -> visible.put(id, id == viewer ? profile
                : AccessPolicy.profile(ties.getOrDefault(id, Tie.STRANGERS), profile)));
        return visible;
    }

    private Tie tie(long viewer, long subject) {
        return graph.ties(viewer, List.of(subject)).getOrDefault(subject, Tie.STRANGERS);
    }
}
