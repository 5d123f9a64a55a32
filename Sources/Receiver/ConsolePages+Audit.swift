import HTTP1

extension ConsolePages {
    static let auditPageSize = 50

    /// `GET /audit[?before=OFFSET]`: the audit log newest first, a page at a time (the offset
    /// of a record never changes, so pages stay put while records are added). Learner
    /// identifiers show only as the start of their keyed hash.
    static func auditLog(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        guard let log = runtime.adminResponder?.gate.audit else {
            return frame(request, context, title: "Audit log", section: "/audit", body: "<p class=\"muted\">No audit log is kept.</p>")
        }
        var before: Int?
        if let text = request.query["before"], !text.isEmpty {
            guard let offset = Int(text), offset >= 0 else {
                return problem(request, context, status: .badRequest, title: "Audit log", section: "/audit", message: "before: must be an offset from a previous page")
            }
            before = offset
        }
        let entries = log.entries().newest(limit: auditPageSize, before: before)
        var body = "<p class=\"muted\">Every change, login, refused credential and revealed learner is recorded here, newest first.</p>\n"
        if entries.isEmpty {
            body += "<p class=\"muted\">\(before == nil ? "Nothing recorded yet." : "No older records.")</p>\n"
        } else {
            body += "<table class=\"audit\"><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Selection</th><th class=\"number\">Count</th><th>Outcome</th><th>Client</th></tr></thead><tbody>\n"
            for entry in entries {
                let selection = entry.selection.fields.map { "\(AdminPage.escape($0.name))=\(AdminPage.escape(display($0.value)))" }.joined(separator: "<br>")
                body += """
                    <tr><td>\(time(entry.at))</td><td>\(AdminPage.escape(entry.who))\(entry.via.map { " <span class=\"muted\">(\(AdminPage.escape($0)))</span>" } ?? "")</td>\
                    <td>\(AdminPage.escape(entry.action))</td><td class="error">\(selection)</td><td class="number">\(entry.count.map(String.init) ?? "")</td>\
                    <td>\(AdminPage.escape(entry.outcome ?? ""))</td><td>\(AdminPage.escape(entry.client ?? ""))</td></tr>

                    """
            }
            body += "</tbody></table>\n"
        }
        var pager: [String] = []
        if before != nil { pager.append("<a href=\"/audit\">Newest</a>") }
        if entries.count == auditPageSize, let last = entries.last { pager.append("<a rel=\"next\" href=\"/audit?before=\(last.offset)\">Older</a>") }
        if !pager.isEmpty { body += "<nav class=\"pager\">\(pager.joined())</nav>\n" }
        return frame(request, context, title: "Audit log", section: "/audit", body: body)
    }

    /// A selection's value as text; identifiers only ever as the start of their keyed hash.
    static func display(_ value: AuditValue) -> String {
        switch value {
        case .text(let text): return shortened(text, 200)
        case .number(let number): return String(number)
        case .identifier: return "keyed hash"
        case .keyedHash(let hash): return "keyed hash " + hash.prefix(12) + "…"
        case .list(let items): return items.count > 10 ? items.prefix(10).map(display).joined(separator: ", ") + ", … (\(items.count))" : items.map(display).joined(separator: ", ")
        }
    }
}
