import Staging
import Synchronization

/// Import payloads built ahead of sending, by chunk id.
final class PreparedPayloads: Sendable {
    private let payloads = Mutex<[Int64: ImportPayload]>([:])

    subscript(chunk: Int64) -> ImportPayload? {
        get { payloads.withLock { $0[chunk] } }
        set { payloads.withLock { $0[chunk] = newValue } }
    }

    /// The payload of `chunk`, removed (a resend after a failure builds it again).
    func take(_ chunk: Int64) -> ImportPayload? { payloads.withLock { $0.removeValue(forKey: chunk) } }

    func removeAll() { payloads.withLock { $0.removeAll() } }
}
