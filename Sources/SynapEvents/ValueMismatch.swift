/// Thrown by a `JSONValueReadable` reader when a value does not fit the model.
///
/// It carries nothing on purpose: the fast path only has to say "does not fit", and the caller
/// then runs the Codable path, which names the field and the reason (`EventDecodingError`).
/// Building no message keeps the fast path free of allocations it would rarely need.
struct ValueMismatch: Error {}
