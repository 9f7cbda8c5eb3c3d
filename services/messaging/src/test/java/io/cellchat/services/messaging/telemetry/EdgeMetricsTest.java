package io.cellchat.services.messaging.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Error;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.platform.observability.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The edge's meters as Prometheus reads them: the documented names and units (docs/operations/metrics.md), every
 * series of a closed set present at zero before its first event, each event counted once under its own label, and
 * no label that grows with users.
 */
class EdgeMetricsTest {

    private final PrometheusMeterRegistry registry = Metrics.newRegistry("dev");
    private final EdgeMetrics metrics = new EdgeMetrics(registry);

    @Test
    void should_register_every_series_of_a_closed_set_at_zero_before_the_first_event() {
        metrics.commandKind(ClientFrame.KindCase.SEND);

        String scrape = registry.scrape();

        assertThat(scrape).contains("cellchat_frames_received_total{role=\"dev\",type=\"send\"} 0.0")
                .contains("cellchat_frames_received_total{role=\"dev\",type=\"kind_not_set\"} 0.0")
                .contains("cellchat_frames_sent_total{role=\"dev\",type=\"accepted\"} 0.0")
                .contains("cellchat_errors_total{code=\"INTERNAL\",role=\"dev\"} 0.0")
                .contains("cellchat_errors_total{code=\"MALFORMED_FRAME\",role=\"dev\"} 0.0")
                .contains("cellchat_commands_accepted_total{command=\"send\",role=\"dev\"} 0.0")
                .contains("cellchat_deliveries_total{role=\"dev\",type=\"event\"} 0.0")
                .contains("cellchat_connections_closed_total{reason=\"client\",role=\"dev\"} 0.0")
                .contains("cellchat_sync_requests_total{role=\"dev\"} 0.0")
                .contains("cellchat_sync_events_total{role=\"dev\"} 0.0")
                .contains("cellchat_delivery_latency_seconds_count{role=\"dev\"} 0");
        assertThat(scrape).doesNotContain("code=\"UNRECOGNIZED\"");
    }

    @Test
    void should_count_frames_by_kind_and_errors_by_code_once_each() {
        metrics.commandKind(ClientFrame.KindCase.SEND);
        metrics.received(ClientFrame.KindCase.SEND);
        metrics.received(ClientFrame.KindCase.SEND);
        metrics.received(ClientFrame.KindCase.SYNC);
        metrics.accepted(ClientFrame.KindCase.SEND);
        metrics.sent(ServerFrame.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.TEXT_TOO_LONG)).build());
        metrics.sent(ServerFrame.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.TEXT_TOO_LONG)).build());

        String scrape = registry.scrape();

        assertThat(scrape).contains("cellchat_frames_received_total{role=\"dev\",type=\"send\"} 2.0")
                .contains("cellchat_frames_received_total{role=\"dev\",type=\"sync\"} 1.0")
                .contains("cellchat_commands_accepted_total{command=\"send\",role=\"dev\"} 1.0")
                .contains("cellchat_frames_sent_total{role=\"dev\",type=\"error\"} 2.0")
                .contains("cellchat_errors_total{code=\"TEXT_TOO_LONG\",role=\"dev\"} 2.0")
                .contains("cellchat_errors_total{code=\"INTERNAL\",role=\"dev\"} 0.0");
    }

    @Test
    void should_count_one_delivery_and_one_latency_observation_per_device() {
        metrics.delivered(ServerFrame.KindCase.EVENT, 3);
        metrics.deliveryLatency(40);
        metrics.deliveryLatency(40);
        metrics.deliveryLatency(2_000);
        metrics.synced(5);
        metrics.synced(0);

        String scrape = registry.scrape();

        assertThat(scrape).contains("cellchat_deliveries_total{role=\"dev\",type=\"event\"} 3.0")
                .contains("cellchat_frames_sent_total{role=\"dev\",type=\"event\"} 3.0")
                .contains("cellchat_delivery_latency_seconds_count{role=\"dev\"} 3")
                .contains("cellchat_delivery_latency_seconds_sum{role=\"dev\"} 2.08")
                .contains("cellchat_sync_requests_total{role=\"dev\"} 2.0")
                .contains("cellchat_sync_events_total{role=\"dev\"} 5.0");
        assertThat(bucket(scrape, "0.05")).as("two of three within 50 ms").isEqualTo("2");
        assertThat(bucket(scrape, "+Inf")).isEqualTo("3");
    }

    @Test
    void should_count_connections_closed_by_the_servers_close_code() {
        metrics.opened();
        metrics.opened();
        metrics.closed("4008");
        metrics.closed("client");

        String scrape = registry.scrape();

        assertThat(scrape).contains("cellchat_connections_opened_total{role=\"dev\"} 2.0")
                .contains("cellchat_connections_closed_total{reason=\"4008\",role=\"dev\"} 1.0")
                .contains("cellchat_connections_closed_total{reason=\"client\",role=\"dev\"} 1.0");
    }

    private static final Pattern LE = Pattern.compile("[{,]le=\"([^\"]+)\"");

    /** The cumulative count of the latency histogram's bucket whose upper bound is the first at or above {@code le}. */
    private static String bucket(String scrape, String le) {
        List<String> buckets = scrape.lines().filter(line -> line.startsWith("cellchat_delivery_latency_seconds_bucket"))
                .toList();
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        for (String line : buckets) {
            Matcher label = LE.matcher(line);
            if (!label.find()) {
                throw new AssertionError("no le label: " + line);
            }
            String value = label.group(1);
            double upper = value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
            if (upper >= bound) {
                return line.substring(line.lastIndexOf(' ') + 1);
            }
        }
        throw new AssertionError("no bucket at or above " + le + " in " + buckets);
    }
}
