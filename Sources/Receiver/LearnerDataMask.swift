import Handlers
import JSONSyntax

/// Hides a learner's personal data in a body shown in the console, unless the viewer asks to see
/// it: names and emails, anything that looks like an email, and custom attributes (student
/// numbers, cohorts).
enum LearnerDataMask {
    static let nameKeys: Set<String> = ["name", "firstname", "lastname", "fullname", "username", "displayname"]

    static func mask(_ value: JSONValue, key: String? = nil) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { name, member in
                if name.lowercased() == "customattributes", case .object(let attributes) = member {
                    return (name, .object(attributes.map { ($0.0, $0.1 == .null ? .null : .string("***")) }))
                }
                return (name, mask(member, key: name))
            })
        case .array(let items):
            return .array(items.map { mask($0, key: key) })
        case .string(let text):
            let lowered = key?.lowercased() ?? ""
            if lowered.contains("email") || text.contains("@") { return .string(maskedEmail(text)) }
            if nameKeys.contains(lowered) { return .string(maskedName(text)) }
            return value
        default:
            return value
        }
    }

    /// `ada.lovelace@example.edu` -> `a***@example.edu`.
    static func maskedEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at > email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + email[at...]
    }

    /// `Ada Lovelace` -> `A*** L***`.
    static func maskedName(_ name: String) -> String {
        name.split(separator: " ").map { ($0.first.map(String.init) ?? "") + "***" }.joined(separator: " ")
    }
}
