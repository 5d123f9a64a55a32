import Delivery
import SystemIO

/// A file path with placeholders: `{event}` (the kind), `{date}` (UTC receipt date,
/// `2026-11-23`) and `{route}` (the route path, slashes turned to dashes).
public struct FilePathTemplate: Sendable, Equatable {
    /// The template text.
    public let template: String
    /// The template cut at its placeholders, once, so a path costs no searching per event.
    private let parts: [Part]

    private enum Part: Sendable, Equatable {
        case text(String)
        case event, date, route
    }

    /// The placeholders a template may use.
    public static let placeholders = ["{event}", "{date}", "{route}"]

    /// A template; unknown `{...}` placeholders are refused.
    public init(_ template: String) throws(HandlerConfigurationError) {
        var parts: [Part] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw HandlerConfigurationError("path \(template): unclosed '{'")
            }
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            switch rest[open...close] {
            case "{event}": parts.append(.event)
            case "{date}": parts.append(.date)
            case "{route}": parts.append(.route)
            case let placeholder:
                throw HandlerConfigurationError("path \(template): unknown placeholder \(placeholder) (use \(Self.placeholders.joined(separator: ", ")))")
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.init(template: template, parts: parts)
    }

    /// The template placed under `directory` when it is relative; unchanged when absolute.
    public func resolved(against directory: String) -> FilePathTemplate {
        guard !template.hasPrefix("/") else { return self }
        // The directory is literal text even if it holds braces.
        return FilePathTemplate(template: directory + "/" + template, parts: [.text(directory + "/")] + parts)
    }

    /// The template made absolute against `currentDirectory` when relative, with `.`
    /// components and repeated slashes removed from its text, so each file has one spelling
    /// (the registry and erasure compare paths as text).
    public func absolute(currentDirectory: String) -> FilePathTemplate {
        let rooted = template.hasPrefix("/") ? self : resolved(against: currentDirectory)
        let cleaned = rooted.parts.enumerated().map { index, part -> Part in
            guard case .text(let text) = part else { return part }
            let components = text.split(separator: "/", omittingEmptySubsequences: false)
            var kept: [Substring] = []
            for (position, component) in components.enumerated() {
                // A text's first and last components continue a placeholder's value (unless
                // they are the template's ends), so only the ones between slashes are whole.
                let startsWhole = position > 0 || index == 0
                let endsWhole = position < components.count - 1 || index == rooted.parts.count - 1
                let between = position > 0 && position < components.count - 1
                if startsWhole && endsWhole && (component == "." || (component.isEmpty && between)) { continue }
                kept.append(component)
            }
            return .text(kept.joined(separator: "/"))
        }
        return FilePathTemplate(template: rooted.template, parts: cleaned)
    }

    private init(template: String, parts: [Part]) {
        self.template = template
        // Adjacent text joined, so a template without placeholders is one ready-made path.
        self.parts = parts.reduce(into: []) { joined, part in
            if case .text(let next) = part, case .text(let previous)? = joined.last {
                joined[joined.count - 1] = .text(previous + next)
            } else {
                joined.append(part)
            }
        }
    }

    /// The path for one delivery. The date is the receipt date, so a redelivery after a
    /// restart goes to the same file as the first copy.
    public func path(for delivery: Delivery) -> String {
        if parts.count == 1, case .text(let path) = parts[0] { return path }
        var path = ""
        for part in parts {
            switch part {
            case .text(let text): path += text
            case .event: path += delivery.kind.rawValue
            case .date: path += WallClock.isoDate(milliseconds: delivery.receivedAt)
            case .route:
                let route = delivery.route.split(separator: "/").joined(separator: "-")
                path += route.isEmpty ? "root" : route
            }
        }
        return path
    }
}
