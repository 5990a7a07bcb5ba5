import Foundation

/// One HTTP request as the client hands it to an `HTTPTransport`.
///
/// Header names are compared case-insensitively. The body is sent whole (API bodies are small;
/// big payloads only ever come back, streamed).
package struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The method, upper case (`GET`, `POST`, `PATCH`, `DELETE`).
    package var method: String
    /// The absolute URL, query included.
    package var url: URL
    /// Header fields in order; names as written.
    package var headers: [(name: String, value: String)]
    /// The body bytes, if any.
    package var body: Data?
    /// The deadline of the whole exchange, counted from sending: the response head and the
    /// whole body must have arrived by then (`TransportError.Kind.timedOut` otherwise).
    package var timeout: Duration
    /// What errors and logs show for this request instead of method and URL (set it when the
    /// URL carries a signature, as pre-signed storage URLs do).
    package var label: String?

    package init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
        timeout: Duration = .seconds(60), label: String? = nil
    ) {
        self.label = label
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of a header, matched case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Method and URL (or `label`); headers are left out on purpose (they carry the bearer token).
    package var description: String { label ?? "\(method) \(url.absoluteString)" }
}

/// The head and streaming body of an HTTP response.
package struct HTTPResponse: Sendable {
    /// The status code.
    package var status: Int
    /// Header fields in order.
    package var headers: [(name: String, value: String)]
    /// The body, streamed in chunks; it can be iterated once.
    package var body: HTTPBody

    package init(status: Int, headers: [(name: String, value: String)] = [], body: HTTPBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A failure to exchange a request and a response: the request may or may not have reached the
/// server.
package struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package enum Kind: Sendable, Equatable {
        /// Could not connect; the request was certainly not processed.
        case connectFailed
        /// The response (head and body) did not arrive within the request's timeout.
        case timedOut
        /// The connection dropped after the request was (perhaps) sent.
        case connectionLost
        /// Anything else the transport reported.
        case other
    }

    package let kind: Kind
    /// The request, as method and URL (never headers).
    package let request: String
    /// The underlying error, described.
    package let underlying: String

    package init(kind: Kind, request: String, underlying: String) {
        self.kind = kind
        self.request = request
        self.underlying = underlying
    }

    package var description: String {
        switch kind {
        case .connectFailed: "cannot connect for \(request): \(underlying)"
        case .timedOut: "no response in time for \(request): \(underlying)"
        case .connectionLost: "connection lost during \(request): \(underlying)"
        case .other: "network error during \(request): \(underlying)"
        }
    }
}
