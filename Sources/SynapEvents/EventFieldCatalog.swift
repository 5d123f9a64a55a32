import JSONSyntax

/// The documented field paths of each event, so a configuration that filters on a field the event
/// does not have can be refused at start.
///
/// Paths are the JSON keys as Synap sends them, dotted (`attempt.scoreFrac`, `attempt.tags.exam`,
/// `exam.userGroup.name`), containers included. They stop at arrays (`attempt.state.sections.items`
/// is a path; its elements are not addressed) and at open maps (`user.customAttributes`,
/// `exam.attr`), whose keys are portal-specific: `isKnownPath` accepts any key below an open map.
///
/// The catalogue is derived from `SampleEvents`, whose samples fill every documented field (a test
/// checks each sample against its model), plus the alternative placements the docs contradict
/// themselves about (§7.3, §7.8: `userGroup` at the top level or under `exam`).
public enum EventFieldCatalog {
    /// Keys whose values are open maps: their members are not part of the documented shape.
    static let openMapKeys: Set<String> = ["customAttributes", "attr"]

    /// Every documented path of `kind`'s payload.
    public static func fieldPaths(for kind: EventKind) -> Set<String> {
        table[kind] ?? []
    }

    /// The paths of `kind` that are open maps (custom attributes).
    public static func openMapPaths(for kind: EventKind) -> Set<String> {
        fieldPaths(for: kind).filter { path in
            openMapKeys.contains(String(path.split(separator: ".").last ?? ""))
        }
    }

    /// Whether `path` is documented for `kind`, or lies inside one of its open maps
    /// (`user.customAttributes.team`).
    public static func isKnownPath(_ path: String, for kind: EventKind) -> Bool {
        if fieldPaths(for: kind).contains(path) { return true }
        return openMapPaths(for: kind).contains { path.hasPrefix($0 + ".") && path.count > $0.count + 1 }
    }

    /// Paths the docs place elsewhere in another variant of the same event.
    static func alternatePaths(for kind: EventKind) -> Set<String> {
        switch kind {
        case .examStarted, .examSubmitted, .examResultsReleased:
            ["userGroup", "userGroup.id", "userGroup.name"]
        case .examCompleted:
            ["exam.userGroup", "exam.userGroup.id", "exam.userGroup.name"]
        case .userRegisteredForExam:
            ["exam.userGroup", "exam.userGroup.objectId", "exam.userGroup.name"]
        default:
            []
        }
    }

    /// Computed once, on first use.
    private static let table: [EventKind: Set<String>] = {
        var table: [EventKind: Set<String>] = [:]
        for kind in EventKind.allCases {
            // The samples are tested to parse; an empty set here would make every filter be refused.
            guard let root = try? JSONValue(parsing: Array(SampleEvents.body(for: kind).utf8)) else { continue }
            var paths = alternatePaths(for: kind)
            collect(root, prefix: "", into: &paths)
            table[kind] = paths
        }
        return table
    }()

    /// Adds the path of every object member below `value` (not descending into arrays or open maps).
    static func collect(_ value: JSONValue, prefix: String, into paths: inout Set<String>) {
        guard case .object(let members) = value else { return }
        for (key, member) in members {
            let path = prefix.isEmpty ? key : prefix + "." + key
            paths.insert(path)
            if !openMapKeys.contains(key) {
                collect(member, prefix: path, into: &paths)
            }
        }
    }
}
