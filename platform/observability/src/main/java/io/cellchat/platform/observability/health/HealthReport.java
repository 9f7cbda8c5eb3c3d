package io.cellchat.platform.observability.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /health/ready} answers: ready when every required check is up. As JSON ({@link #toJson()}):
 *
 * <pre>{@code
 * {"status":"DOWN","checks":[
 *   {"name":"history","status":"UP","required":true,"latencyMs":0.4,"checkedAt":"2026-12-05T10:00:00Z"},
 *   {"name":"redis","status":"DOWN","required":true,"latencyMs":2000.0,"checkedAt":"...",
 *    "error":"no answer within 2000 ms"}]}
 * }</pre>
 */
public record HealthReport(List<CheckResult> checks) {

    public HealthReport {
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        return checks.stream().allMatch(check -> check.up() || !check.required());
    }

    /** The body of {@code /health/ready}, as a tree for a JSON writer. */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> list = checks.stream().map(check -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", check.name());
            item.put("status", check.up() ? "UP" : "DOWN");
            item.put("required", check.required());
            item.put("latencyMs", check.latency().toNanos() / 1_000_000.0);
            item.put("checkedAt", check.checkedAt().toString());
            if (check.error() != null) {
                item.put("error", check.error());
            }
            return item;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready() ? "UP" : "DOWN");
        body.put("checks", list);
        return body;
    }
}
