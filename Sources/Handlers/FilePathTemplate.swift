import Delivery
import SystemIO

/// A file path with placeholders: `{event}` (the kind), `{date}` (UTC receipt date,
/// `2026-11-23`) and `{route}` (the route path, slashes turned to dashes).
public struct FilePathTemplate: Sendable, Equatable {
    /// The template text.
    public let template: String

    /// The placeholders a template may use.
    public static let placeholders = ["{event}", "{date}", "{route}"]

    /// A template; unknown `{...}` placeholders are refused.
    public init(_ template: String) throws(HandlerConfigurationError) {
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw HandlerConfigurationError("path \(template): unclosed '{'")
            }
            let placeholder = String(rest[open...close])
            guard Self.placeholders.contains(placeholder) else {
                throw HandlerConfigurationError("path \(template): unknown placeholder \(placeholder) (use \(Self.placeholders.joined(separator: ", ")))")
            }
            rest = rest[rest.index(after: close)...]
        }
        self.template = template
    }

    private init(unchecked template: String) {
        self.template = template
    }

    /// The template placed under `directory` when it is relative; unchanged when absolute.
    public func resolved(against directory: String) -> FilePathTemplate {
        template.hasPrefix("/") ? self : FilePathTemplate(unchecked: directory + "/" + template)
    }

    /// The path for one delivery. The date is the receipt date, so a redelivery after a
    /// restart goes to the same file as the first copy.
    public func path(for delivery: Delivery) -> String {
        var path = template
        if path.contains("{event}") { path = path.replacingAll("{event}", with: delivery.kind.rawValue) }
        if path.contains("{date}") { path = path.replacingAll("{date}", with: WallClock.isoDate(milliseconds: delivery.receivedAt)) }
        if path.contains("{route}") {
            let route = delivery.route.split(separator: "/").joined(separator: "-")
            path = path.replacingAll("{route}", with: route.isEmpty ? "root" : route)
        }
        return path
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
