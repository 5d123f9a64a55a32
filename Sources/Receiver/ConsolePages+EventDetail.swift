import Delivery
import HTTP1
import JSONSyntax

extension ConsolePages {
    /// One handler's state as the event page shows it.
    struct HandlerState {
        let name: String
        let status: String
        let attempts: Int
        let statusCode: Int?
        let lastError: String?
        let nextAttemptAt: Int64?

        /// Nothing more happens unless an operator asks: a replay must force it.
        var isFinal: Bool { ["delivered", "resolved", "filtered-out", "expired"].contains(status) }
        /// On its way: a replay would find it already underway.
        var isUnderway: Bool { ["pending", "retrying"].contains(status) }
    }

    /// Each handler's state: the ledger's while the event is unsettled, else the last change of
    /// each handler in the timeline.
    static func handlerStates(record: EventRecord, state: LedgerEntry?, timeline: [IndexChange]) -> [HandlerState] {
        if let state {
            return state.handlers.map {
                HandlerState(
                    name: $0.handler, status: $0.status.description, attempts: $0.attempts, statusCode: $0.lastStatusCode, lastError: $0.lastError,
                    nextAttemptAt: $0.nextAt)
            }
        }
        var names = record.handlers
        var last: [String: IndexChange] = [:]
        for change in timeline {
            guard let handler = change.handler else { continue }
            last[handler] = change
            if !names.contains(handler) { names.append(handler) }
        }
        return names.map { name in
            let change = last[name]
            let failed = ["dead", "retrying", "resolved"].contains(change?.what ?? "")
            return HandlerState(
                name: name, status: change?.what ?? "delivered", attempts: change?.attempt ?? 0, statusCode: change?.statusCode,
                lastError: failed ? change?.detail : nil, nextAttemptAt: nil)
        }
    }

    /// `GET /events/<id>[?reveal=1]`: the metadata, each handler's state with the operator's
    /// replay and resolve buttons, the timeline of every attempt, and the body pretty-printed,
    /// its learner fields masked unless revealed (which goes to the audit log).
    static func eventDetail(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        guard let id = EventID(request.remainder) else {
            return problem(request, context, status: .notFound, title: "No such event", section: "/events", message: "\(request.remainder) is not an event id (16 hex digits).")
        }
        guard let (entry, record, state, timeline) = runtime.engine.event(id) else {
            return problem(request, context, status: .notFound, title: "No such event", section: "/events", message: "No event \(id) in the journal: its retention may have passed.")
        }
        let reveal = request.query["reveal"] == "1"
        if reveal { request.audit.note(action: "event.reveal", selection: ["id": .text(id.description)]) }
        let handlers = handlerStates(record: record, state: state, timeline: timeline)
        let showActions = canAct(request)
        let here = "/events/\(id.description)"
        let csrf = request.session.map { AdminPage.csrfField($0.csrfToken) } ?? ""
        let mask = { (text: String?, masked: (String) -> String) -> String in
            guard let text else { return "<span class=\"muted\">-</span>" }
            return AdminPage.escape(reveal ? text : masked(text))
        }

        var body = """
            <dl class="meta">
            <dt>Id</dt><dd class="id">\(id.description)</dd>
            <dt>Received</dt><dd>\(time(entry.receivedAt))</dd>
            <dt>Kind</dt><dd>\(AdminPage.escape(entry.kind))\(record.kind != entry.kind ? " <span class=\"muted\">(route: \(AdminPage.escape(record.kind)))</span>" : "")</dd>
            <dt>Route</dt><dd><code>\(AdminPage.escape(record.route))</code></dd>
            <dt>Learner</dt><dd>\(mask(entry.learnerName, LearnerDataMask.maskedName)) · \(mask(entry.learnerEmail, LearnerDataMask.maskedEmail)) \
            \(reveal ? "<a href=\"\(here)\">Hide learner data</a>" : "<a href=\"\(here)?reveal=1\">Reveal learner data</a> <span class=\"muted\">(recorded in the audit log)</span>")</dd>
            <dt>Test or exam</dt><dd>\(AdminPage.escape(entry.title ?? "-"))</dd>
            <dt>Score</dt><dd>\(AdminPage.escape(entry.score ?? "-"))</dd>
            <dt>Request id</dt><dd class="id">\(AdminPage.escape(record.requestID))</dd>
            <dt>Body</dt><dd>\(record.body.count) bytes, \(AdminPage.escape(record.contentType.isEmpty ? "no Content-Type" : record.contentType))</dd>
            <dt>State</dt><dd>\(state == nil ? "settled" : "unsettled")\(state?.quarantine.map { " · " + badge("quarantined") + " " + AdminPage.escape($0.reason) } ?? "")</dd>
            </dl>

            """

        body += "<h2>Handlers</h2>\n<table><thead><tr><th>Handler</th><th>State</th><th class=\"number\">Attempts</th><th class=\"number\">Status</th><th>Last error</th><th>Next attempt</th>\(showActions ? "<th></th>" : "")</tr></thead><tbody>\n"
        for handler in handlers {
            var actions = ""
            if showActions {
                if !handler.isUnderway {
                    actions += """
                        <form class="inline" method="post" action="\(here)/replay">\(csrf)<input type="hidden" name="handler" value="\(AdminPage.escape(handler.name))">\
                        \(handler.isFinal ? "<input type=\"hidden\" name=\"force\" value=\"1\">" : "")<button type="submit">Replay to \(AdminPage.escape(handler.name))</button></form>
                        """
                }
                if handler.status == "dead" {
                    actions += resolveForm(action: "\(here)/resolve", csrf: csrf, hidden: [("handler", handler.name)])
                }
            }
            body += """
                <tr><td>\(AdminPage.escape(handler.name))</td><td>\(badge(handler.status))</td><td class="number">\(handler.attempts)</td>\
                <td class="number">\(handler.statusCode.map(String.init) ?? "-")</td><td class="error">\(AdminPage.escape(handler.lastError ?? ""))</td>\
                <td>\(handler.nextAttemptAt.map { time($0) } ?? "")</td>\(showActions ? "<td>\(actions)</td>" : "")</tr>

                """
        }
        body += "</tbody></table>\n"
        if showActions {
            let force = handlers.contains { $0.isFinal } ? "<input type=\"hidden\" name=\"force\" value=\"1\">" : ""
            let label = state?.quarantine != nil ? "Decode again and deliver" : "Replay to all handlers"
            body += "<div class=\"actions\"><form class=\"inline\" method=\"post\" action=\"\(here)/replay\">\(csrf)\(force)<button type=\"submit\">\(label)</button></form>"
            if state?.quarantine != nil { body += resolveForm(action: "\(here)/resolve", csrf: csrf, hidden: []) }
            body += "</div>\n"
            body += "<p class=\"muted\">A replay sends the event again; a delivered event goes again too, except to file handlers, which take an event once.</p>\n"
        }

        body += actionsHint(request)
        body += "<h2>Timeline</h2>\n"
        if timeline.isEmpty {
            body += "<p class=\"muted\">No change since it was received.</p>\n"
        } else {
            body += "<table><thead><tr><th>Time</th><th>Handler</th><th>What</th><th class=\"number\">Attempt</th><th class=\"number\">Status</th><th>Detail</th></tr></thead><tbody>\n"
            body += "<tr><td>\(time(entry.receivedAt))</td><td></td><td>received</td><td></td><td></td><td></td></tr>\n"
            for change in timeline {
                body += """
                    <tr><td>\(time(change.at))</td><td>\(AdminPage.escape(change.handler ?? "(event)"))</td><td>\(badge(change.what))</td>\
                    <td class="number">\(change.attempt > 0 ? String(change.attempt) : "")</td><td class="number">\(change.statusCode.map(String.init) ?? "")</td>\
                    <td class="error">\(AdminPage.escape(change.detail))</td></tr>

                    """
            }
            body += "</tbody></table>\n"
        }

        body += "<h2>Body\(reveal ? "" : " <span class=\"muted\">(learner data masked)</span>")</h2>\n"
        if let parsed = try? JSONValue(parsing: record.body) {
            body += "<pre class=\"body\">\(AdminPage.escape(PrettyJSON.render(reveal ? parsed : LearnerDataMask.mask(parsed))))</pre>\n"
        } else if reveal {
            body += "<pre class=\"body\">\(AdminPage.escape(String(decoding: record.body, as: UTF8.self)))</pre>\n"
        } else {
            body += "<p class=\"muted\">The body is not JSON, so its learner data cannot be masked: reveal it to read it.</p>\n"
        }
        return frame(request, context, title: "Event \(id.description)", section: "/events", body: body)
    }

    /// A form that marks dead letters or a quarantined event handled without delivering them,
    /// with a note for the timeline.
    static func resolveForm(action: String, csrf: String, hidden: [(String, String?)], label: String = "Resolve") -> String {
        """
        <form class="inline" method="post" action="\(AdminPage.escape(action))" data-confirm="Mark as handled without delivering it?">\(csrf)\(hiddenFields(hidden))\
        <input type="text" name="note" placeholder="note (why)" aria-label="note" required><button type="submit" class="secondary">\(label)</button></form>
        """
    }
}
