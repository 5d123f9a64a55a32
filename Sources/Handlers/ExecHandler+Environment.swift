import Delivery

extension ExecHandler {
    /// The receiver's variables a program gets (when set): where to find programs, the home
    /// directory, the locale and the time zone. Nothing else of the receiver's environment is
    /// passed on: it holds secrets (a Basic password, tokens) the program has no business with.
    public static let inheritedVariables = ["PATH", "HOME", "LANG", "TZ"]

    /// PATH when the receiver has none.
    public static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// The environment every run starts from: `inheritedVariables` from `receiver` (PATH
    /// defaulting to `defaultSearchPath`), then `configured` (the handler's `env`), which wins.
    /// The per-event `SYNAP_*` variables are added for each run.
    static func programEnvironment(receiver: [String: String], configured: [String: String]) -> [String: String] {
        var environment = ["PATH": defaultSearchPath]
        for name in inheritedVariables {
            if let value = receiver[name], !value.isEmpty { environment[name] = value }
        }
        environment.merge(configured) { _, configured in configured }
        return environment
    }

    /// The variables an exec handler's program gets for `delivery`, by name.
    ///
    /// Every variable is always set, to the empty string when the event lacks the field: a
    /// variable of the same name in the receiver's own environment must never be mistaken for
    /// the event's value.
    public static func environment(for delivery: Delivery) -> [String: String] {
        func field(_ field: SummaryField) -> String {
            // The environment cannot carry NUL; a JSON string may.
            (field.value(in: delivery, masking: false) ?? "").filter { $0 != "\0" }
        }
        return [
            "SYNAP_EVENT_ID": field(.id),
            "SYNAP_EVENT_KIND": field(.kind),
            "SYNAP_ROUTE": field(.route),
            "SYNAP_ATTEMPT_ID": field(.attempt),
            "SYNAP_USER_ID": field(.userId),
            "SYNAP_USER_EMAIL": field(.email),
            "SYNAP_USER_NAME": field(.name),
            "SYNAP_TEST_TITLE": field(.test),
            "SYNAP_EXAM_NAME": field(.exam),
            "SYNAP_SCORE": field(.score),
            "SYNAP_SCORE_FRAC": field(.scoreFrac),
            "SYNAP_RECEIVED_AT": field(.receivedAt),
            "SYNAP_ATTEMPT": String(delivery.attempt),
        ]
    }

    /// The names `environment(for:)` sets, for documentation and tests.
    public static let environmentNames = [
        "SYNAP_EVENT_ID", "SYNAP_EVENT_KIND", "SYNAP_ROUTE", "SYNAP_ATTEMPT_ID", "SYNAP_USER_ID", "SYNAP_USER_EMAIL",
        "SYNAP_USER_NAME", "SYNAP_TEST_TITLE", "SYNAP_EXAM_NAME", "SYNAP_SCORE", "SYNAP_SCORE_FRAC", "SYNAP_RECEIVED_AT",
        "SYNAP_ATTEMPT",
    ]
}
