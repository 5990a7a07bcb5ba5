/// The one seam through which layerclone speaks HTTP.
///
/// Implementations send the request as given (no retries, no auth, no redirects to other
/// hosts with credentials) and return as soon as the response head arrives; the body streams.
/// Network failures are thrown as `TransportError`.
package protocol HTTPTransport: Sendable {
    /// Sends one request and returns its response with a streaming body.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A transport made of one closure: for tests and for wrapping another transport.
package struct StubTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequest) async throws -> HTTPResponse

    package init(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.handler = handler
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await handler(request)
    }
}
