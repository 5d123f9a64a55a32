import Delivery
import HTTP1

extension ConsolePages {
    /// Rows a held-events page lists at most (the newest); the counts cover them all.
    static let heldRowLimit = 200

    /// `GET /dead-letters` and `GET /quarantine`: the reasons with a count each (and handler),
    /// the filter, and the matching items newest first, each with the operator's replay and
    /// resolve buttons; replaying or resolving every match goes through a confirmation that
    /// states how many.
    static func heldList(_ kind: HeldKind, _ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let filter: HeldEventFilter
        do throws(UsageError) {
            filter = try HeldEventFilter(request.query)
        } catch {
            return problem(request, context, status: .badRequest, title: kind.title, section: kind.path, message: error.description)
        }
        let everything = HeldEventFilter().items(kind, engine: runtime.engine)
        let items = filter.isEmpty ? everything : filter.items(kind, engine: runtime.engine)
        let showActions = canAct(request)
        let csrf = request.session.map { AdminPage.csrfField($0.csrfToken) } ?? ""
        let back = currentLocation(request)
        var body = "<p>\(kind.items(everything.count).capitalizedFirst) in all\(kind == .deadLetters ? ", of \(counted(Set(everything.map(\.entry.id)).count, "event"))" : "").</p>\n"

        // Reasons over everything held, most frequent first.
        var counts: [String: (handler: String?, reason: String, count: Int)] = [:]
        for item in everything {
            counts[(item.handler ?? "") + "\u{0}" + item.reason, default: (item.handler, item.reason, 0)].count += 1
        }
        if !counts.isEmpty {
            let ordered = counts.values.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
            body += "<h2>Reasons</h2>\n<table class=\"reasons\"><thead><tr>\(kind == .deadLetters ? "<th>Handler</th>" : "")<th>Reason</th><th class=\"number\">Count</th><th></th></tr></thead><tbody>\n"
            for row in ordered {
                let link = kind.path + query([("handler", row.handler), ("reason", row.reason)])
                body += """
                    <tr>\(kind == .deadLetters ? "<td>\(AdminPage.escape(row.handler ?? ""))</td>" : "")<td class="error">\(AdminPage.escape(shortened(row.reason, 300)))</td>\
                    <td class="number">\(row.count)</td><td><a href="\(AdminPage.escape(link))">Show</a></td></tr>

                    """
            }
            body += "</tbody></table>\n"
        }

        body += "<h2>\(filter.isEmpty ? "All" : "Matching: " + kind.items(items.count))</h2>\n"
        body += heldFilterForm(kind, runtime, filter)
        if showActions && !items.isEmpty {
            let filterQuery = filter.fields
            body += """
                <div class="actions"><a class="button" href="\(href(kind.path + "/confirm", [("action", "replay")] + filterQuery))">Replay \(filter.isEmpty ? "all " : "these ")\(kind.items(items.count))…</a>\
                <a class="button secondary" href="\(href(kind.path + "/confirm", [("action", "resolve")] + filterQuery))">Resolve \(filter.isEmpty ? "all " : "these ")\(kind.items(items.count))…</a></div>

                """
        }
        body += actionsHint(request)
        if items.isEmpty {
            body += "<p class=\"muted\">Nothing \(filter.isEmpty ? "is held here." : "matches.")</p>\n"
        } else {
            body += """
                <table class="held"><thead><tr><th>Received</th><th>Event</th>\(kind == .deadLetters ? "<th>Handler</th><th class=\"number\">Attempts</th><th class=\"number\">Status</th>" : "")\
                <th>Reason</th>\(showActions ? "<th></th>" : "")</tr></thead><tbody>

                """
            for item in items.reversed().prefix(heldRowLimit) {
                let id = item.entry.id.description
                var actions = ""
                if showActions {
                    let target: [(String, String?)] = [("id", id), ("handler", item.handler), ("return", back)]
                    actions = """
                        <form class="inline" method="post" action="\(kind.path)/replay">\(csrf)\(hiddenFields(target))<button type="submit">Replay</button></form> \
                        \(resolveForm(action: kind.path + "/resolve", csrf: csrf, hidden: target))
                        """
                }
                body += """
                    <tr><td>\(time(item.entry.receivedAt))</td><td><a class="id" href="/events/\(id)">\(id)</a><br><span class="muted">\(AdminPage.escape(item.entry.route))</span></td>\
                    \(kind == .deadLetters ? "<td>\(AdminPage.escape(item.handler ?? ""))</td><td class=\"number\">\(item.attempts)</td><td class=\"number\">\(item.statusCode.map(String.init) ?? "-")</td>" : "")\
                    <td class="error" title="\(AdminPage.escape(item.reason))">\(AdminPage.escape(shortened(item.reason, 90)))</td>\(showActions ? "<td>\(actions)</td>" : "")</tr>

                    """
            }
            body += "</tbody></table>\n"
            if items.count > heldRowLimit {
                body += "<p class=\"muted\">The newest \(heldRowLimit) of \(items.count) are listed; narrow the filter to see the others. The buttons above act on all \(items.count).</p>\n"
            }
        }
        return frame(request, context, title: kind.title, section: kind.path, body: body)
    }

    static func heldFilterForm(_ kind: HeldKind, _ runtime: ReceiverRuntime, _ filter: HeldEventFilter) -> String {
        let value = { (name: String) in filter.fields.first { $0.0 == name }?.1 ?? "" }
        let configuration = runtime.currentConfiguration
        let handler = kind == .deadLetters ? select("handler", "Handler", configuration.handlers.map(\.name), value("handler")) : ""
        return """
            <form class="filters" method="get" action="\(kind.path)">
            \(handler)\(select("route", "Route", configuration.routes.map(\.path), value("route")))
            <label>Reason <input type="text" name="reason" value="\(AdminPage.escape(value("reason")))" placeholder="exactly as listed" size="30"></label>
            <label>Since <input type="text" name="since" value="\(AdminPage.escape(value("since")))" placeholder="2026-11-23T10:00:00Z" size="20"></label>
            <label>Until <input type="text" name="until" value="\(AdminPage.escape(value("until")))" placeholder="2026-11-23T12:00:00Z" size="20"></label>
            \(value("id").isEmpty ? "" : "<input type=\"hidden\" name=\"id\" value=\"\(AdminPage.escape(value("id")))\">")
            <button type="submit">Filter</button> <a href="\(kind.path)">Clear</a>
            </form>

            """
    }

    /// `GET /dead-letters/confirm?action=replay|resolve&<filter>` (and `/quarantine/confirm`):
    /// how many items the action will touch, and the form that does it.
    static func heldConfirmation(_ kind: HeldKind, _ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let filter: HeldEventFilter
        do throws(UsageError) {
            filter = try HeldEventFilter(request.query)
        } catch {
            return problem(request, context, status: .badRequest, title: kind.title, section: kind.path, message: error.description)
        }
        guard let action = HeldAction(rawValue: request.query["action"] ?? "") else {
            return problem(request, context, status: .badRequest, title: kind.title, section: kind.path, message: "action: must be replay or resolve")
        }
        let items = filter.items(kind, engine: runtime.engine)
        let listLink = kind.path + query(filter.fields)
        let title = "\(action == .replay ? "Replay" : "Resolve") \(kind.title.lowercased())"
        let described = describe(filter)
        guard !items.isEmpty else {
            return frame(request, context, title: title, section: kind.path, body: "<p>Nothing matches \(described) now.</p><p><a href=\"\(AdminPage.escape(listLink))\">Back</a></p>")
        }
        let events = Set(items.map(\.entry.id)).count
        let what = kind.items(items.count) + (kind == .deadLetters ? " (\(counted(events, "event")))" : "")
        let effect = action == .replay
            ? (kind == .deadLetters ? "Each goes back in line to its handler." : "Each is decoded again; those that now fit go to their route's handlers, the others stay.")
            : "Each is marked handled without being delivered; the note goes into its timeline."
        let csrf = request.session.map { AdminPage.csrfField($0.csrfToken) } ?? ""
        let note = action == .resolve ? "<label>Note (why they need no delivery) <textarea name=\"note\" required></textarea></label>" : ""
        let body = """
            <p class="notice" id="confirm-count">This will \(action.rawValue) <strong>\(what)</strong> matching \(described).</p>
            <p>\(effect) Items that change before you confirm are counted again when you do.</p>
            \(actionsHint(request))<form method="post" action="\(kind.path)/\(action.rawValue)">\(csrf)\(hiddenFields(filter.fields))\
            <input type="hidden" name="confirmed" value="1"><input type="hidden" name="expected" value="\(items.count)">\(note)
            <div class="actions"><button type="submit"\(action == .resolve ? " class=\"danger\"" : "")>\(action == .replay ? "Replay" : "Resolve") \(kind.items(items.count))</button> <a href="\(AdminPage.escape(listLink))">Cancel</a></div>
            </form>
            """
        return frame(request, context, title: title + "?", section: kind.path, body: body)
    }

    /// `handler lms, reason "…"`, or `every item` for an empty filter.
    static func describe(_ filter: HeldEventFilter) -> String {
        let parts = filter.fields.compactMap { name, value in value.map { "\(name) <strong>\(AdminPage.escape(shortened($0, 120)))</strong>" } }
        return parts.isEmpty ? "no filter (everything held here)" : parts.joined(separator: ", ")
    }
}

extension String {
    /// The string with its first letter upper-case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
