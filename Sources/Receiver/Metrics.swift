import Synchronization

/// Counters, gauges and one histogram, rendered in the Prometheus text exposition format
/// (version 0.0.4). Label values are escaped; series appear in a stable order.
final class Metrics: Sendable {
    /// A counter's name and labels as given: they are formatted and escaped only when rendered,
    /// not on each increment (several per event).
    struct Series: Hashable, Comparable {
        let name: String
        let labelKeys: [String]
        let labelValues: [String]

        static func < (a: Series, b: Series) -> Bool {
            (a.name, a.labelValues.joined(separator: "\u{0}")) < (b.name, b.labelValues.joined(separator: "\u{0}"))
        }

        /// `key="value"` pairs, escaped.
        var formattedLabels: [String] { zip(labelKeys, labelValues).map { "\($0)=\"\(Metrics.escape($1))\"" } }
    }

    private struct State {
        var counters: [Series: Double] = [:]
        var fsyncBuckets = [Int](repeating: 0, count: Metrics.fsyncBounds.count)
        var fsyncCount = 0
        var fsyncSum = 0.0
    }

    /// Upper bounds of the fsync-latency histogram, in seconds.
    static let fsyncBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    static let help: [String: (type: String, help: String)] = [
        "synap_http_requests_total": ("counter", "HTTP requests answered, by route and status."),
        "synap_events_accepted_total": ("counter", "Events journaled and acknowledged, by route and kind."),
        "synap_events_duplicate_total": ("counter", "Re-sent bodies acknowledged without dispatching again, by route."),
        "synap_events_quarantined_total": ("counter", "Payloads that did not fit their model, by route and kind."),
        "synap_events_suppressed_total": ("counter", "Events about a learner on the suppression list: acknowledged, neither stored nor dispatched, by route."),
        "synap_auth_failures_total": ("counter", "Requests refused for missing or wrong credentials, by route."),
        "synap_handler_deliveries_total": ("counter", "Handler outcomes: delivered, failed (will retry), dead_lettered, filtered_out."),
        "synap_handler_backlog": ("gauge", "Deliveries waiting or in flight, by handler."),
        "synap_dead_letters": ("gauge", "Entries in the dead-letter file."),
        "synap_quarantined": ("gauge", "Entries in the quarantine file."),
        "synap_journal_bytes": ("gauge", "Bytes of journal segments on disk."),
        "synap_open_connections": ("gauge", "Open HTTP connections."),
        "synap_journal_fsync_seconds": ("histogram", "Time to write and fdatasync one group of journal records."),
        "synap_admin_requests_total": ("counter", "Admin listener requests answered, by admin route and status."),
        "synap_admin_refusals_total": ("counter", "Admin requests refused before their handler, by reason (no_credentials, bad_credentials, rate_limited, role, origin, host, content_type, csrf, ...)."),
        "synap_admin_password_hashes_total": ("counter", "PBKDF2 runs to check an admin password or token (cached afterwards; bounded by the rate limiter)."),
    ]

    private let state = Mutex(State())

    func increment(_ name: String, _ labels: KeyValuePairs<String, String> = [:], by amount: Double = 1) {
        let series = Series(name: name, labelKeys: labels.map(\.key), labelValues: labels.map(\.value))
        state.withLock { $0.counters[series, default: 0] += amount }
    }

    func observeFsync(seconds: Double) {
        state.withLock { state in
            state.fsyncCount += 1
            state.fsyncSum += seconds
            for (index, bound) in Self.fsyncBounds.enumerated() where seconds <= bound { state.fsyncBuckets[index] += 1 }
        }
    }

    /// The exposition text; `gauges` are sampled by the caller at scrape time.
    func render(gauges: [(name: String, labels: KeyValuePairs<String, String>, value: Double)]) -> String {
        let snapshot = state.withLock { $0 }
        var byName: [String: [String]] = [:]
        for (series, value) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            byName[series.name, default: []].append(Self.line(series.name, series.formattedLabels, value))
        }
        for gauge in gauges {
            let labels = gauge.labels.map { "\($0.key)=\"\(Self.escape($0.value))\"" }
            byName[gauge.name, default: []].append(Self.line(gauge.name, labels, gauge.value))
        }
        var histogram: [String] = []
        // The buckets are kept cumulative already (`observeFsync` counts an observation in every
        // bucket whose bound it is under).
        for (index, bound) in Self.fsyncBounds.enumerated() {
            histogram.append(Self.line("synap_journal_fsync_seconds_bucket", ["le=\"\(Self.number(bound))\""], Double(snapshot.fsyncBuckets[index])))
        }
        histogram.append(Self.line("synap_journal_fsync_seconds_bucket", ["le=\"+Inf\""], Double(snapshot.fsyncCount)))
        histogram.append(Self.line("synap_journal_fsync_seconds_sum", [], snapshot.fsyncSum))
        histogram.append(Self.line("synap_journal_fsync_seconds_count", [], Double(snapshot.fsyncCount)))
        byName["synap_journal_fsync_seconds"] = histogram
        var text = ""
        for name in Self.help.keys.sorted() {
            let (type, help) = Self.help[name]!
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for line in byName[name] ?? [] { text += line + "\n" }
        }
        return text
    }

    private static func line(_ name: String, _ labels: [String], _ value: Double) -> String {
        labels.isEmpty ? "\(name) \(number(value))" : "\(name){\(labels.joined(separator: ","))} \(number(value))"
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Label value escaping: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        // Labels are route paths and handler names: almost never anything to escape.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
