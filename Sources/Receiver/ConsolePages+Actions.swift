import Delivery
import HTTP1
import JSONSyntax

/// What a console button does to held events.
enum HeldAction: String, Sendable {
    case replay, resolve
}

extension ConsolePages {
    /// The fields of a page's post: its form, or the members of a JSON object (a script may
    /// post JSON to the same routes; the gate admits only these two).
    static func postedFields(_ request: AdminRequest) -> FormFields {
        if let form = request.form { return form }
        guard case .object(let members)? = try? JSONValue(parsing: request.http.body) else { return FormFields() }
        let encoded = members.compactMap { name, value -> String? in
            let text: String
            switch value {
            case .string(let string): text = string
            case .number(let number): text = number
            case .bool(let flag): text = flag ? "1" : "0"
            default: return nil
            }
            return FormFields.encode(name) + "=" + FormFields.encode(text)
        }
        return FormFields(urlEncoded: Array(encoded.joined(separator: "&").utf8)) ?? FormFields()
    }

    /// 303 to `location` (a path on this listener; anything else becomes `fallback`) with the
    /// notice's token added to its query.
    static func redirect(_ location: String?, fallback: String, notice: String, isError: Bool = false, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        var target = LoginPage.safeNext(location)
        if target == "/" && location != "/" { target = fallback }
        let owner = request.principal?.auditName ?? "anonymous"
        let token = context.notices.post(notice, isError: isError, owner: owner)
        target += (target.contains("?") ? "&" : "?") + "notice=" + token
        return HTTPResponse(status: .seeOther, headers: HTTPHeaders([("Location", target)]))
    }

    static func note(_ fields: FormFields, _ request: AdminRequest, verb: String) -> String {
        let given = fields["note"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return given.isEmpty ? "\(verb) by \(request.principal?.auditName ?? "admin") in the console" : given
    }

    // MARK: One event

    /// `POST /events/<id>/replay` (fields `handler`, `force`) and `/events/<id>/resolve`
    /// (`handler`, `note`): back to the event with what happened.
    static func eventAction(_ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let parts = request.remainder.split(separator: "/")
        guard parts.count == 2, let id = EventID(String(parts[0])), let action = HeldAction(rawValue: String(parts[1])) else {
            return .error(.notFound, "POST /events/<id>/replay or /events/<id>/resolve")
        }
        let fields = postedFields(request)
        let here = "/events/\(id.description)"
        let handler = fields["handler"].flatMap { $0.isEmpty ? nil : $0 }
        let live = runtime.engine.entry(id)
        let source: EventSelection.Source = live?.quarantine != nil ? .quarantine : live?.handlers.contains { $0.status == .dead } == true ? .deadLetters : .journal
        var audited: AuditSelection = ["id": .text(id.description)]
        if let handler { audited.fields.append(("handler", .text(handler))) }
        do throws(DeliveryEngine.OperationError) {
            switch action {
            case .resolve:
                guard source != .journal else {
                    return redirect(here, fallback: here, notice: "Only a dead letter or a quarantined event can be resolved.", isError: true, request, context)
                }
                let count = try runtime.engine.resolve(EventSelection(source: source, ids: [id], handler: handler), note: note(fields, request, verb: "resolved"))
                request.audit.note(action: "event.resolve", selection: audited, count: count)
                return redirect(here, fallback: here, notice: count == 0 ? "Nothing to resolve: it is no longer held." : "Resolved \(count == 1 ? "1 delivery" : "\(count) deliveries"): marked handled without delivering.", request, context)
            case .replay:
                // A quarantined event is decoded again; a named handler's dead letter goes back in
                // line from the dead letters (no journal scan); anything else from the journal:
                // every handler, or the one named, delivered ones again when `force` says so.
                let from: EventSelection.Source
                if source == .quarantine {
                    from = .quarantine
                } else if let handler, live?.progress(for: handler)?.status == .dead {
                    from = .deadLetters
                } else {
                    from = .journal
                }
                let report = try runtime.engine.replay(
                    EventSelection(source: from, ids: [id], handler: handler), force: fields["force"] == "1", note: note(fields, request, verb: "replayed"))
                request.audit.note(action: "event.replay", selection: audited, count: report.replayed + report.released)
                return redirect(here, fallback: here, notice: "Replay: " + report.sentence + ".", request, context)
            }
        } catch .unknownHandler(let name) {
            return redirect(here, fallback: here, notice: "No handler named \(name) is configured.", isError: true, request, context)
        } catch {
            return redirect(here, fallback: here, notice: "Not done: \(error.description)", isError: true, request, context)
        }
    }

    // MARK: Held events

    /// `POST /dead-letters/replay|resolve` and `/quarantine/replay|resolve`: one event (`id`,
    /// for a dead letter with its `handler`), or every item the filter selects once
    /// `confirmed=1` says the confirmation was seen (else the browser goes to it). The items
    /// are selected again now, by explicit ids, so nothing outside the filter is touched.
    static func heldAction(_ kind: HeldKind, _ action: HeldAction, _ runtime: ReceiverRuntime, _ request: AdminRequest, _ context: Context) -> HTTPResponse {
        let fields = postedFields(request)
        let filter: HeldEventFilter
        do throws(UsageError) {
            filter = try HeldEventFilter(fields)
        } catch {
            return redirect(fields["return"], fallback: kind.path, notice: "Not done: \(error.description)", isError: true, request, context)
        }
        let list = kind.path + query(filter.fields)
        let back = fields["return"] ?? (filter.id == nil ? kind.path : list)
        if filter.id == nil && fields["confirmed"] != "1" {
            return HTTPResponse(status: .seeOther, headers: HTTPHeaders([("Location", kind.path + "/confirm" + query([("action", action.rawValue)] + filter.fields))]))
        }
        if action == .resolve && (fields["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return redirect(back, fallback: kind.path, notice: "Not resolved: note: say why they need no delivery.", isError: true, request, context)
        }
        let items = filter.items(kind, engine: runtime.engine)
        let selections = HeldEventFilter.selections(kind, for: items)
        var audited = filter.auditSelection
        audited.fields.insert(("source", .text(kind.source.rawValue)), at: 0)
        guard !selections.isEmpty else {
            request.audit.note(action: "\(kind.name).\(action.rawValue)", selection: audited, count: 0)
            return redirect(back, fallback: kind.path, notice: "Nothing matches now: nothing was done.", request, context)
        }
        let expected = fields["expected"].flatMap(Int.init)
        let recount = expected.map { $0 != items.count ? " (the confirmation counted \($0); the others changed meanwhile)" : "" } ?? ""
        do throws(DeliveryEngine.OperationError) {
            switch action {
            case .replay:
                var total = ReplayReport()
                for selection in selections {
                    let report = try runtime.engine.replay(selection, note: note(fields, request, verb: "replayed"))
                    total.add(report)
                }
                request.audit.note(action: "\(kind.name).replay", selection: audited, count: total.replayed + total.released)
                return redirect(back, fallback: kind.path, notice: "Replayed \(kind.items(items.count))\(recount): \(total.sentence).", request, context)
            case .resolve:
                var count = 0
                for selection in selections { count += try runtime.engine.resolve(selection, note: note(fields, request, verb: "resolved")) }
                request.audit.note(action: "\(kind.name).resolve", selection: audited, count: count)
                return redirect(back, fallback: kind.path, notice: "Resolved \(kind.items(count))\(recount): marked handled without delivering.", request, context)
            }
        } catch {
            return redirect(back, fallback: kind.path, notice: "Not done: \(error.description)", isError: true, request, context)
        }
    }
}

extension ReplayReport {
    /// Adds another report's counts to this one.
    mutating func add(_ other: ReplayReport) {
        replayed += other.replayed
        skippedDone += other.skippedDone
        skippedNeverRepeated += other.skippedNeverRepeated
        alreadyUnderway += other.alreadyUnderway
        released += other.released
        stillQuarantined += other.stillQuarantined
        unknownHandler += other.unknownHandler
    }
}
