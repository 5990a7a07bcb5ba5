import CommerceLayerAPI
import Synchronization

/// The target refused an import for having too many inputs.
struct InputsTooMany: Error {
    let maximum: Int

    /// Recognises the refusal: a 422 on `inputs` that states the maximum.
    init?(_ error: APIError) {
        guard error.status == 422,
            let object = error.errors.first(where: { $0.pointer?.hasSuffix("/inputs") == true }),
            let maximum = object.meta["count"]?.intValue
        else { return nil }
        self.maximum = Int(maximum)
    }
}

/// The most inputs the target takes per import, learnt when it refuses more (the documented
/// maximum has been 2,000 and 10,000), and the most it was seen to accept.
final class ImportCap: Sendable {
    private let state: Mutex<(cap: Int, accepted: Int)>

    init(_ value: Int = 10_000) { state = Mutex((value, 0)) }

    /// The chunk size to plan with.
    var value: Int { state.withLock { $0.cap } }

    /// The largest import the target accepted in this run: chunks up to it need no probe.
    var accepted: Int { state.withLock { $0.accepted } }

    func lower(to maximum: Int) { state.withLock { $0.cap = min($0.cap, max(1, maximum)) } }

    func accept(_ size: Int) { state.withLock { $0.accepted = max($0.accepted, size) } }
}
