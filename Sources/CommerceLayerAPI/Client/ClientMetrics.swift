import Synchronization

/// Counters of what a client did, shared by every copy of the client; safe from any task.
package final class ClientMetrics: Sendable {
    /// A snapshot of the counters.
    package struct Snapshot: Sendable, Hashable, Codable {
        /// Requests handed to the transport (API, token and download requests, retries included).
        package var requestsMade = 0
        /// 429 answers received.
        package var rateLimited = 0
        /// Retries after 5xx answers or network errors.
        package var retries = 0
        /// Tokens fetched.
        package var tokensFetched = 0
        /// Attachment URLs refreshed because they had expired.
        package var urlRefreshes = 0
        /// Compressed bytes of the export attachments downloaded whole.
        package var downloadedBytes = 0
        /// Requests by method and resource (`GET skus`, `POST imports`, `GET storage`).
        package var requestsByRoute: [String: Int] = [:]
    }

    /// `GET skus` for `GET /api/skus/abc?…`; `POST token` for the token endpoint; `GET storage`
    /// for anything outside `/api`.
    static func route(of request: HTTPRequest) -> String {
        let parts = request.url.path.split(separator: "/")
        if let api = parts.firstIndex(of: "api"), api + 1 < parts.count {
            return "\(request.method) \(parts[api + 1])"
        }
        if parts.last == "token" { return "\(request.method) token" }
        return "\(request.method) storage"
    }

    private let counters = Mutex(Snapshot())

    package init() {}

    /// The counters now.
    package var snapshot: Snapshot { counters.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        counters.withLock { change(&$0) }
    }
}
