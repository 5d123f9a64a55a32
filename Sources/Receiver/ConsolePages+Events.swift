import Delivery
import HTTP1
import SynapEvents

extension ConsolePages {
    /// The filters of `/events`, as the URL carries them.
    static let eventFilterNames = ["q", "kind", "route", "state", "handler", "since", "until"]
    static let eventStates = ["delivered", "retrying", "dead", "quarantined", "pending", "resolved", "filtered-out", "expired"]

    /// `GET /events`: newest first, 50 a page, paged with `before=<last id>` so a page stays the
    /// same while events keep arriving; the filters live in the URL. A search names a learner,
    /// so it goes to the audit log as a keyed hash, as the API's does.
    static func eventList(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let fields = request.query
        let normalized = leniently(fields)
        let filters = eventFilterNames.map { ($0, fields[$0]) }
        let form = eventFilterForm(runtime, filters)
        let query: EventQuery
        do throws(UsageError) {
            query = try ConsoleAPI.eventQuery(normalized)
        } catch {
            return frame(request, context, title: "Events", section: "/events", body: form + "<p class=\"message error\" role=\"alert\">\(AdminPage.escape(error.description))</p>", status: .badRequest)
        }
        if let text = query.text {
            request.audit.note(action: "events.search", selection: ["q": .identifier(text)])
        }
        let page = runtime.engine.events(query)
        var body = form
        if page.events.isEmpty {
            body += "<p class=\"muted\">\(query.before == nil ? "No events match." : "No older events match.")</p>\n"
        } else {
            body += """
                <table class="events"><thead><tr><th>Received</th><th>Kind</th><th>Learner</th><th>Test or exam</th><th class="number">Score</th><th>Handlers</th></tr></thead><tbody>

                """
            for event in page.events { body += eventRow(event) }
            body += "</tbody></table>\n"
        }
        var pager: [String] = []
        if query.before != nil { pager.append("<a href=\"\(href("/events", filters))\">Newest</a>") }
        if let next = page.next { pager.append("<a rel=\"next\" href=\"\(href("/events", filters + [("before", next.description)]))\">Older</a>") }
        if !pager.isEmpty { body += "<nav class=\"pager\">\(pager.joined())</nav>\n" }
        return frame(request, context, title: "Events", section: "/events", body: body)
    }

    /// One row: time (linking to the event), kind, learner (masked), test or exam, score, and
    /// each handler's state.
    static func eventRow(_ event: IndexedEvent) -> String {
        let entry = event.entry
        let link = "/events/\(entry.id.description)"
        var learner = [entry.learnerName.map(LearnerDataMask.maskedName), entry.learnerEmail.map(LearnerDataMask.maskedEmail)]
            .compactMap { $0 }.map(AdminPage.escape).joined(separator: "<br>")
        if learner.isEmpty { learner = "<span class=\"muted\">-</span>" }
        var states = event.handlers.map { badge($0.status, handler: $0.name) }.joined()
        if let reason = event.quarantine { states += "<span title=\"\(AdminPage.escape(reason))\">\(badge("quarantined"))</span>" }
        return """
            <tr><td><a href="\(link)">\(time(entry.receivedAt))</a><br><a class="id muted" href="\(link)">\(entry.id.description)</a></td>\
            <td>\(AdminPage.escape(entry.kind))<br><span class="muted">\(AdminPage.escape(entry.route))</span></td><td>\(learner)</td>\
            <td>\(AdminPage.escape(entry.title ?? "-"))</td><td class="number">\(AdminPage.escape(entry.score ?? "-"))</td><td>\(states)</td></tr>

            """
    }

    /// The filter form: a search box and the lists of kinds, routes, states and handlers.
    static func eventFilterForm(_ runtime: ReceiverRuntime, _ filters: [(String, String?)]) -> String {
        let value = { (name: String) in filters.first { $0.0 == name }?.1 ?? "" }
        let configuration = runtime.currentConfiguration
        return """
            <form class="filters" method="get" action="/events" role="search">
            <label>Search <input type="search" name="q" value="\(AdminPage.escape(value("q")))" placeholder="email, name, user id, attempt id or event id" autocomplete="off"></label>
            \(select("kind", "Kind", EventKind.allCases.map(\.rawValue), value("kind")))
            \(select("route", "Route", configuration.routes.map(\.path), value("route")))
            \(select("state", "State", eventStates, value("state")))
            \(select("handler", "Handler", configuration.handlers.map(\.name), value("handler")))
            <label>Since <input type="text" name="since" value="\(AdminPage.escape(value("since")))" placeholder="2026-11-23T10:00:00Z" size="20"></label>
            <label>Until <input type="text" name="until" value="\(AdminPage.escape(value("until")))" placeholder="2026-11-23T12:00:00Z" size="20"></label>
            <button type="submit">Search</button> <a href="/events">Clear</a>
            </form>

            """
    }

    /// A list that applies when changed (with the script); "any" first, and the current value
    /// kept even when it is not among the options (a removed handler).
    static func select(_ name: String, _ label: String, _ options: [String], _ current: String) -> String {
        var all = options
        if !current.isEmpty && !all.contains(current) { all.append(current) }
        let items = ["<option value=\"\">any</option>"] + all.map { option in
            "<option\(option == current ? " selected" : "")>\(AdminPage.escape(option))</option>"
        }
        return "<label>\(label) <select name=\"\(name)\" data-autosubmit>\(items.joined())</select></label>"
    }

    /// `fields` with `since` and `until` made ISO-8601 where they nearly are.
    static func leniently(_ fields: FormFields) -> FormFields {
        let encoded = fields.pairs.map { pair in
            FormFields.encode(pair.name) + "=" + FormFields.encode(["since", "until"].contains(pair.name) ? lenientTime(pair.value) : pair.value)
        }
        return FormFields(urlEncoded: Array(encoded.joined(separator: "&").utf8)) ?? fields
    }

    /// A time as typed into a filter, made ISO-8601 UTC when it is nearly so:
    /// `2026-11-23 10:00` and `2026-11-23T10:00` become `2026-11-23T10:00:00Z`.
    static func lenientTime(_ text: String) -> String {
        var time = text.trimmingCharacters(in: .whitespaces)
        guard time.count >= 16 else { return time }
        let characters = Array(time)
        if characters[10] == " " { time = String(characters[..<10]) + "T" + String(characters[11...]) }
        if time.count == 16 { time += ":00" }
        if time.count == 19 { time += "Z" }
        return time
    }
}
