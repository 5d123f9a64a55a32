import Delivery
import HTTP1
import SystemIO

extension ConsolePages {
    /// `GET /`: events accepted per minute over the last hour, then each handler's backlog and
    /// state, the failing ones with their last error, dead letters, quarantine, disk use,
    /// version and uptime.
    static func home(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let report = StatusReport(runtime: runtime)
        let (_, activity) = runtime.engine.summary()
        let limits = runtime.currentConfiguration.storeLimits
        let now = WallClock.nowMilliseconds()
        let counts = runtime.acceptedRate.lastHour(at: now)
        var body = ""

        if report.recovering {
            body += "<p class=\"notice\">Starting: still reading the journal. Deliveries begin when it is done.</p>\n"
        }
        if let refusing = report.refusing {
            body += "<p class=\"message error\" role=\"alert\">Refusing new events: \(AdminPage.escape(refusing)).</p>\n"
        }

        let failing = report.handlers.filter { handler in activity.first { $0.name == handler.name }?.failingSince != nil }
        body += "<div class=\"tiles\">"
        body += tile("\(counts.reduce(0, +))", "accepted in the last hour", link: "/events")
        body += tile("\(report.unsettledEvents)", "unsettled events")
        body += tile("\(report.deadLetters)", "dead letters", link: "/dead-letters", alert: report.deadLetters > 0)
        body += tile("\(report.quarantined)", "quarantined", link: "/quarantine", alert: report.quarantined > 0)
        body += tile("\(failing.count)", failing.count == 1 ? "handler failing" : "handlers failing", alert: !failing.isEmpty)
        body += "</div>\n"

        body += "<h2>Accepted per minute, last hour</h2>\n"
        body += AcceptedChart(counts: counts, lastMinute: now / 60_000).svg + "\n"

        body += "<h2>Handlers</h2>\n<table><thead><tr><th>Handler</th><th>State</th><th class=\"number\">Backlog</th><th class=\"number\">Retrying</th><th class=\"number\">Dead letters</th><th>Last failure</th></tr></thead><tbody>\n"
        for handler in report.handlers {
            let live = activity.first { $0.name == handler.name }
            let name = AdminPage.escape(handler.name)
            var state = badge("ok", tone: "delivered")
            if let until = live?.pausedUntil, until > now {
                state = badge("backing off", tone: "retrying") + " <span class=\"muted\">until \(time(until))</span>"
            } else if let since = live?.failingSince {
                state = badge("failing", tone: "dead") + " <span class=\"muted\">since \(time(since))</span>"
            }
            let dead = handler.deadLetters > 0
                ? "<a href=\"\(href("/dead-letters", [("handler", handler.name)]))\">\(handler.deadLetters)</a>" : "0"
            let lastFailure = handler.lastError.map { "\(time(handler.lastErrorAt)) \(AdminPage.escape(shortened($0)))" } ?? "<span class=\"muted\">-</span>"
            body += """
                <tr><td><a href="\(href("/events", [("handler", handler.name)]))">\(name)</a></td><td>\(state)</td><td class="number">\(handler.pending + handler.retrying)</td>\
                <td class="number">\(handler.retrying)</td><td class="number">\(dead)</td><td class="error">\(lastFailure)</td></tr>

                """
        }
        body += "</tbody></table>\n"
        for (name, count) in report.deadLettersOfRemovedHandlers.sorted(by: { $0.key < $1.key }) {
            body += "<p class=\"muted\">Handler \(AdminPage.escape(name)) is no longer configured and has \(count) dead letters: replay them to another handler with <code>replay --to</code>.</p>\n"
        }

        if !failing.isEmpty {
            body += "<h2>Failing handlers</h2>\n<table><thead><tr><th>Handler</th><th>Failing since</th><th>Last error</th></tr></thead><tbody>\n"
            for handler in failing {
                let since = activity.first { $0.name == handler.name }?.failingSince
                body += "<tr><td>\(AdminPage.escape(handler.name))</td><td>\(time(since))</td><td class=\"error\">\(AdminPage.escape(handler.lastError ?? "(no error recorded)"))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }

        body += "<h2>Storage</h2>\n<table><thead><tr><th>Store</th><th class=\"number\">Held</th><th class=\"number\">Size</th><th class=\"number\">Limit</th><th>Oldest</th></tr></thead><tbody>\n"
        body += storeRow("Journal (\(counted(report.journalSegments, "segment")))", held: report.unsettledEvents, bytes: report.journalBytes, limit: limits.journalMaxBytes, oldest: report.oldestJournalEvent, link: "/events")
        body += storeRow("Dead letters", held: report.deadLetters, bytes: report.deadLetterBytes, limit: limits.deadLetterMaxBytes, oldest: report.oldestDeadLetter, link: "/dead-letters")
        body += storeRow("Quarantine", held: report.quarantined, bytes: report.quarantinedBytes, limit: limits.quarantineMaxBytes, oldest: report.oldestQuarantined, link: "/quarantine")
        body += "</tbody></table>\n"

        body += """
            <h2>Receiver</h2>
            <dl class="meta"><dt>Version</dt><dd>\(AdminPage.escape(ReceiverVersion.current))</dd>\
            <dt>Up since</dt><dd>\(time(runtime.startedAt)) (\(uptime(now - runtime.startedAt)))</dd>\
            <dt>Data directory</dt><dd><code>\(AdminPage.escape(report.dataDirectory))</code></dd></dl>
            <p class="muted"><a href="/admin/status">Status as JSON</a> · <a href="/metrics">Metrics</a> · <a href="/readyz">Readiness</a></p>
            """
        return frame(request, context, title: "Overview", section: "/", body: body)
    }

    static func tile(_ value: String, _ label: String, link: String? = nil, alert: Bool = false) -> String {
        let inner = "<span class=\"value\">\(AdminPage.escape(value))</span><span class=\"label\">\(AdminPage.escape(label))</span>"
        return "<div class=\"tile\(alert ? " alert" : "")\">" + (link.map { "<a href=\"\($0)\">\(inner)</a>" } ?? inner) + "</div>"
    }

    static func storeRow(_ name: String, held: Int, bytes: Int, limit: Int, oldest: Int64?, link: String) -> String {
        let share = limit > 0 ? " (\(bytes * 100 / limit)%)" : ""
        return """
            <tr><td><a href="\(link)">\(AdminPage.escape(name))</a></td><td class="number">\(held)</td><td class="number">\(StatusReport.size(bytes))\(share)</td>\
            <td class="number">\(StatusReport.size(limit))</td><td>\(time(oldest))</td></tr>

            """
    }

    /// `3 d 4 h`, `2 h 5 min`, `40 s`.
    static func uptime(_ milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds / 1000)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(seconds) s"
    }
}
