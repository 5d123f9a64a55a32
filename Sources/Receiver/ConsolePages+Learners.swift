import Delivery
import HTTP1

extension ConsolePages {
    /// `GET /learners`: the form that finds one learner's data by user id or email, to export it
    /// (a subject access request) or erase it. The identifier travels only in posted bodies,
    /// never in a URL, so it stays out of proxies' access logs and the browser's history.
    static func learnerPage(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        frame(request, context, title: "Learners", section: "/learners", body: learnerForm(request, identifier: ""))
    }

    /// The search form; its two buttons count (a dry run, then a confirmation) or export.
    static func learnerForm(_ request: AdminRequest, identifier: String) -> String {
        guard canAct(request), let session = request.session else {
            return "<p class=\"muted\">Finding, exporting and erasing a learner's data is for operators signed in at <a href=\"/login\">/login</a>.</p>\n"
        }
        return """
            <p>An event is about a learner when their user id or email is the value of any of its fields: the user, an attempt's user, \
            a previous value in <code>user.updated</code>, a planter. A name alone never selects an event.</p>
            <form class="filters" method="post" action="/learners/find">\(AdminPage.csrfField(session.csrfToken))\
            <label>User id or email <input type="text" name="user" required autocomplete="off" value="\(AdminPage.escape(identifier))"></label>\
            <button type="submit">Find…</button> \
            <button type="submit" class="secondary" formaction="/learners/export">Export JSON lines</button></form>
            <p class="muted">Every search, export and erasure is in the <a href="/audit">audit log</a> with a keyed hash of the identifier, never the identifier.</p>

            """
    }

    /// The identifier a learner form posted, or why there is none.
    private static func postedIdentifier(_ fields: FormFields) -> String? {
        let value = fields["user"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return value.isEmpty ? nil : value
    }

    /// `POST /learners/find`: counts what an erasure would remove (a dry run, audited) and asks
    /// to confirm, naming each store and where delivered copies went.
    static func learnerFind(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        guard let identifier = postedIdentifier(postedFields(request)) else {
            return redirect("/learners", fallback: "/learners", notice: "user: give a user id or an email.", isError: true, request, context)
        }
        let found: LearnerErasure.Outcome
        do {
            found = try runtime.erase(identifier, dryRun: true)
        } catch {
            return redirect("/learners", fallback: "/learners", notice: "Not counted: \(error)", isError: true, request, context)
        }
        request.audit.note(action: "erase.dry-run", selection: ["user": .identifier(identifier)], count: found.engine.events + found.fileLineCount)
        var body = learnerForm(request, identifier: identifier)
        body += "<h2>Held about this learner</h2>\n" + learnerCounts(found)
        let total = found.engine.events + found.fileLineCount
        if total == 0 {
            body += "<p class=\"muted\">Nothing is held about this learner. Erasing anyway runs each exec handler's <code>onErase</code>, for copies its script keeps.</p>\n"
            body += eraseForm(identifier: identifier, request, expected: 0, label: "Erase anyway")
        } else {
            body += """
                <p><strong>Erasing cannot be undone.</strong> Their events are removed from the journal, the dead letters and quarantine, \
                the console's index and every file a file sink wrote; unfinished deliveries are cancelled.</p>

                """
            body += eraseForm(identifier: identifier, request, expected: total, label: "Erase \(counted(found.engine.events, "event")) and \(counted(found.fileLineCount, "file line"))")
        }
        return frame(request, context, title: "Learners", section: "/learners", body: body)
    }

    /// The confirmed erase button, carrying the identifier and the count the operator saw.
    private static func eraseForm(identifier: String, _ request: AdminRequest, expected: Int, label: String) -> String {
        guard let session = request.session else { return "" }
        return """
            <form method="post" action="/learners/erase">\(AdminPage.csrfField(session.csrfToken))\
            \(hiddenFields([("user", identifier), ("confirmed", "1"), ("expected", String(expected))]))\
            <label><input type="checkbox" name="suppress" value="1"> Also suppress their later events: \
            acknowledged to Synap, neither stored nor delivered (the list keeps a keyed hash)</label>\
            <button type="submit" class="danger">\(AdminPage.escape(label))</button> <a class="button secondary" href="/learners">Cancel</a></form>

            """
    }

    /// A table of what an erasure found or removed, store by store, and who already received it.
    static func learnerCounts(_ outcome: LearnerErasure.Outcome) -> String {
        var rows: [(String, Int)] = [
            ("Events in the journal", outcome.engine.events), ("of them dead letters", outcome.engine.deadLetters),
            ("of them quarantined", outcome.engine.quarantined), ("Lines in file sink files", outcome.fileLineCount),
        ]
        if !outcome.dryRun { rows.append(("Unfinished deliveries cancelled", outcome.engine.unfinishedCancelled)) }
        var html = "<table class=\"reasons\"><tbody>\n"
        for (label, count) in rows { html += "<tr><td>\(label)</td><td class=\"number\">\(count)</td></tr>\n" }
        for (path, count) in outcome.fileLines.sorted(by: { $0.key < $1.key }) {
            html += "<tr><td class=\"muted\">\(AdminPage.escape(path))</td><td class=\"number\">\(count)</td></tr>\n"
        }
        html += "</tbody></table>\n"
        let delivered = outcome.engine.deliveredBy.sorted { $0.key < $1.key }
        if !delivered.isEmpty {
            let names = delivered.map { "\(AdminPage.escape($0.key)) (\(counted($0.value, "event")))" }.joined(separator: ", ")
            html += "<p>Already delivered by \(names). What those handlers sent to other systems cannot be recalled from here: ask there.</p>\n"
        }
        return html
    }

    /// `POST /learners/erase` with `confirmed=1`: erases the learner everywhere, audits it,
    /// and comes back to the form with the counts (never the identifier).
    static func learnerErase(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let fields = postedFields(request)
        guard let identifier = postedIdentifier(fields) else {
            return redirect("/learners", fallback: "/learners", notice: "user: give a user id or an email.", isError: true, request, context)
        }
        guard fields["confirmed"] == "1" else {
            return redirect("/learners", fallback: "/learners", notice: "Not erased: find the learner first and confirm the counts.", isError: true, request, context)
        }
        let suppress = fields["suppress"] == "1"
        do {
            let outcome = try runtime.erase(identifier, dryRun: false, suppress: suppress)
            let total = outcome.engine.events + outcome.fileLineCount
            request.audit.note(action: "erase", selection: AdminStewardship.erasureSelection(identifier, suppress: suppress), count: total)
            let expected = fields["expected"].flatMap(Int.init)
            let recount = expected.map { $0 != total ? " (the confirmation counted \($0); more arrived meanwhile)" : "" } ?? ""
            return redirect("/learners", fallback: "/learners", notice: "Erased\(recount): " + outcome.sentence.dropFirst("erased ".count) + ".", request, context)
        } catch {
            return redirect("/learners", fallback: "/learners", notice: "The erasure stopped: \(error). Run it again to complete it.", isError: true, request, context)
        }
    }

    /// `POST /learners/export`: every stored event about the learner as JSON lines, a download.
    static func learnerExport(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        guard let identifier = postedIdentifier(postedFields(request)) else {
            return redirect("/learners", fallback: "/learners", notice: "user: give a user id or an email.", isError: true, request, context)
        }
        let body: [UInt8]
        do throws(DeliveryEngine.OperationError) {
            body = try AdminStewardship.exportLines(runtime, request, identifier: identifier)
        } catch {
            return redirect("/learners", fallback: "/learners", notice: "Not exported: \(error.description)", isError: true, request, context)
        }
        return HTTPResponse(status: .ok, headers: HTTPHeaders([
            ("Content-Type", "application/x-ndjson"), ("Content-Disposition", "attachment; filename=\"learner-export.jsonl\""), ("Cache-Control", "no-store"),
        ]), body: body)
    }
}
