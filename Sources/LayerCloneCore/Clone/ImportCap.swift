import CommerceLayerAPI
import ResourceCatalog
import Synchronization

/// The target refused an import for having too many inputs.
struct InputsTooMany: Error {
    let maximum: Int

    /// Recognises the refusal: a 422 whose error states the maximum in `meta.count`, as
    /// Commerce Layer words a count over its limit (`meta.error: "less_than_or_equal_to"`, the
    /// requested count in `meta.value`; the pointer names `inputs` or `inputs_size`, which one is
    /// not known). An error that points at another attribute is not this refusal.
    init?(_ error: APIError) {
        guard error.status == 422 else { return nil }
        let refusal = error.errors.first { object in
            let kind = object.meta["error"]?.stringValue
            let countable = kind == "less_than_or_equal_to" || kind == "too_long"
            let pointer = object.pointer ?? ""
            let onInputs = pointer.hasSuffix("/inputs") || pointer.hasSuffix("/inputs_size") || pointer.isEmpty
            return countable && onInputs && object.meta["count"]?.intValue != nil
        }
        guard let maximum = refusal?.meta["count"]?.intValue, maximum > 0 else { return nil }
        self.maximum = Int(maximum)
    }
}

/// The most inputs the target takes per import, learnt when it refuses more (the documented
/// maximum has been 2,000 and 10,000), and the most it was seen to accept.
final class ImportCap: Sendable {
    private let state: Mutex<(cap: Int, accepted: Int)>

    init(_ value: Int = CommerceLayerLimits.importMaxInputs) { state = Mutex((value, 0)) }

    /// The chunk size to plan with.
    var value: Int { state.withLock { $0.cap } }

    /// The largest import the target accepted in this run: chunks up to it need no probe.
    var accepted: Int { state.withLock { $0.accepted } }

    func lower(to maximum: Int) { state.withLock { $0.cap = min($0.cap, max(1, maximum)) } }

    func accept(_ size: Int) { state.withLock { $0.accepted = max($0.accepted, size) } }
}
