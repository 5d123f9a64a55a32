import Delivery
import SynapEvents
import SystemIO

/// A field a log line (or an exec environment) can show, by its configuration name.
public enum SummaryField: String, CaseIterable, Sendable {
    case id, kind, route, receivedAt, attempt, userId, email, name, test, exam, score, scoreFrac, time, requestId, kindRule

    /// What `log` shows when no fields are configured.
    public static let defaults: [SummaryField] = [.kind, .id, .attempt, .email, .test, .score, .time]

    /// This field's value for `delivery`, nil when the event has none.
    func value(in delivery: Delivery, masking: Bool) -> String? {
        let summary = delivery.summary
        switch self {
        case .id: return delivery.id.description
        case .kind: return summary.kind.rawValue
        case .route: return delivery.route
        case .receivedAt: return WallClock.iso8601(milliseconds: delivery.receivedAt)
        case .attempt: return summary.attemptId
        case .userId: return summary.userId
        case .email: return summary.userEmail.map { masking ? PersonalDataMask.email($0) : $0 }
        case .name: return summary.userName.map { masking ? PersonalDataMask.name($0) : $0 }
        case .test: return summary.testTitle
        case .exam: return summary.examName
        case .score: return summary.score.map(NumberText.format)
        case .scoreFrac: return summary.scoreFrac.map(NumberText.format)
        case .time: return summary.occurredAt
        case .requestId: return delivery.requestID
        case .kindRule: return delivery.kindRule
        }
    }
}

/// Numbers as people write them: `8`, not `8.0`; `0.85`.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// Hides personal data for logs that leave the machine, keeping enough to tell values apart.
enum PersonalDataMask {
    /// `ada.lovelace@example.edu` -> `a***@example.edu`.
    static func email(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at > email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + email[at...]
    }

    /// `Ada Lovelace` -> `A*** L***`.
    static func name(_ name: String) -> String {
        name.split(separator: " ").map { ($0.first.map(String.init) ?? "") + "***" }.joined(separator: " ")
    }
}
