import Testing
@testable import Receiver

@Suite struct MetricsTests {
    /// Label values are escaped as the Prometheus text format requires, and plain ones pass as they are.
    @Test func labelValuesAreEscapedOnlyWhenTheyNeedIt() {
        #expect(Metrics.escape("/webhooks/attempt-completed") == "/webhooks/attempt-completed")
        #expect(Metrics.escape(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
    }

    @Test func countersAddUpPerLabelSet() {
        let metrics = Metrics()
        metrics.increment("synap_events_accepted_total", ["route": "/a"])
        metrics.increment("synap_events_accepted_total", ["route": "/a"])
        metrics.increment("synap_events_accepted_total", ["route": "/b\""])
        let text = metrics.render(gauges: [])
        #expect(text.contains(#"synap_events_accepted_total{route="/a"} 2"#))
        #expect(text.contains(#"synap_events_accepted_total{route="/b\""} 1"#))
    }

    /// The fsync histogram is cumulative: an observation counts in every bucket at or above it.
    @Test func fsyncBucketsAreCumulative() {
        let metrics = Metrics()
        metrics.observeFsync(seconds: 0.003)
        metrics.observeFsync(seconds: 0.0004)
        let text = metrics.render(gauges: [])
        #expect(text.contains(#"synap_journal_fsync_seconds_bucket{le="0.0005"} 1"#))
        #expect(text.contains(#"synap_journal_fsync_seconds_bucket{le="0.0025"} 1"#))
        #expect(text.contains(#"synap_journal_fsync_seconds_bucket{le="0.005"} 2"#))
        #expect(text.contains(#"synap_journal_fsync_seconds_bucket{le="+Inf"} 2"#))
        #expect(text.contains("synap_journal_fsync_seconds_count 2"))
    }
}
