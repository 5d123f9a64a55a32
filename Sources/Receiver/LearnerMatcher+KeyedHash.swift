import Checksums
import Delivery

extension LearnerMatcher {
    /// A matcher that also knows the identifier's keyed hash under this data directory's key,
    /// so the events of a route whose `redact` hashed the learner's email or id are found too.
    init(_ identifier: String, identifiers: KeyedIdentifierHash) {
        self.init(identifier, keyedHash: identifiers.hash(identifier))
    }
}
