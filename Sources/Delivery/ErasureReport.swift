/// What an erasure found (a dry run) or removed, store by store.
public struct ErasureReport: Sendable, Equatable {
    /// Events about the learner in the journal.
    public var events = 0
    /// Their deliveries that were dead letters, and those that were quarantined.
    public var deadLetters = 0
    public var quarantined = 0
    /// Deliveries still on their way, cancelled.
    public var unfinishedCancelled = 0
    /// Journal segments and index files rewritten.
    public var segmentsRewritten = 0
    public var indexFilesRewritten = 0
    /// Handlers that had delivered some of those events, and how many: data they sent on cannot
    /// be recalled from here.
    public var deliveredBy: [String: Int] = [:]
    /// The events' ids, for the other stores (file sinks) and the report.
    public var ids: Set<EventID> = []
    /// The learner's ids, emails and names as those events give them, for scripts that keep
    /// their own copies (an exec handler's `onErase`).
    public var userIDs: Set<String> = []
    public var emails: Set<String> = []

    public init() {}
}
