import Synchronization

/// Job files (export output, import inputs) served at pre-signed URLs, like the object
/// storage the real service hands out: the URL itself carries the permission (no
/// Authorization header) and stops working `ttl` seconds after it was issued (403).
///
/// Each URL carries a random signature remembered with its expiry; every retrieve of a job
/// issues a fresh one. Files live in memory (exports are capped at 10,000 records).
package final class AttachmentStore: Sendable {
    /// Why a download was refused (both answer 403, as object storage does).
    package enum Denial: Error, Sendable, Equatable {
        /// The signature was never issued for this file, or the file is gone.
        case invalidSignature
        /// The URL's lifetime is over.
        case expired
    }

    /// One stored file.
    package struct File: Sendable {
        package var name: String
        package var contentType: String
        package var bytes: [UInt8]
    }

    private struct Grant {
        var jobID: String
        var expiresAt: Double
    }

    private let files = Mutex<[String: File]>([:])
    private let grants = Mutex<[String: Grant]>([:])
    private let clock: SandboxClock
    /// Lifetime of a URL in seconds.
    package let ttl: Int

    package init(clock: SandboxClock, ttl: Int) {
        self.clock = clock
        self.ttl = ttl
    }

    /// Stores (or replaces) the file of job `jobID`.
    package func put(jobID: String, file: File) {
        files.withLock { $0[jobID] = file }
    }

    /// Drops the file of `jobID` and the URLs issued for it.
    package func remove(jobID: String) {
        files.withLock { _ = $0.removeValue(forKey: jobID) }
        grants.withLock { grants in grants = grants.filter { $0.value.jobID != jobID } }
    }

    /// A fresh pre-signed URL under `base` (`http://host:port`) for the file of `jobID`, valid
    /// for `ttl` seconds; nil when the job has no file.
    package func presignedURL(jobID: String, base: String) -> String? {
        guard let name = files.withLock({ $0[jobID]?.name }) else { return nil }
        let now = clock.now()
        let signature = Self.randomSignature()
        grants.withLock { grants in
            grants = grants.filter { $0.value.expiresAt > now }
            grants[signature] = Grant(jobID: jobID, expiresAt: now + Double(ttl))
        }
        return "\(base)/attachments/\(jobID)/\(name)?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Expires=\(ttl)&X-Amz-Signature=\(signature)"
    }

    /// The file a pre-signed URL points at.
    /// - Throws: `Denial` when the signature is unknown, for another job, or expired.
    package func download(jobID: String, signature: String?) throws(Denial) -> File {
        let grant = grants.withLock { grants in signature.flatMap { grants[$0] } }
        guard let grant, grant.jobID == jobID else { throw .invalidSignature }
        guard clock.now() < grant.expiresAt else { throw .expired }
        guard let file = files.withLock({ $0[jobID] }) else { throw .invalidSignature }
        return file
    }

    private static func randomSignature() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
