import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The production `HTTPTransport`, on async-http-client.
///
/// Uses `HTTPClient.shared` unless given a client; the caller owns (and shuts down) a client it
/// passes in. Redirects are not followed: API responses never redirect, and pre-signed storage
/// URLs are fetched directly.
package struct AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient

    package init(client: HTTPClient = .shared) {
        self.client = client
    }

    package func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .nanoseconds(request.timeout.nanoseconds))
        } catch {
            throw Self.transportError(error, request: request)
        }
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        let chunks = ByteChunks(body: response.body, request: request.description)
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: HTTPBody(chunks))
    }

    /// Classifies an async-http-client failure: could the request have reached the server?
    static func transportError(_ error: any Error, request: HTTPRequest) -> TransportError {
        let text = String(describing: error)
        let kind: TransportError.Kind
        if let clientError = error as? HTTPClientError {
            if [HTTPClientError.connectTimeout, .invalidURL, .emptyHost].contains(clientError) {
                kind = .connectFailed
            } else if [HTTPClientError.deadlineExceeded, .readTimeout].contains(clientError) {
                kind = .timedOut
            } else if [HTTPClientError.remoteConnectionClosed, .cancelled].contains(clientError) {
                kind = .connectionLost
            } else {
                kind = .other
            }
        } else if error is ChannelError || text.localizedCaseInsensitiveContains("connection refused") {
            kind = text.localizedCaseInsensitiveContains("refused") ? .connectFailed : .connectionLost
        } else if text.localizedCaseInsensitiveContains("refused") {
            kind = .connectFailed
        } else {
            kind = .other
        }
        return TransportError(kind: kind, request: request.description, underlying: text)
    }
}

/// Maps async-http-client's `ByteBuffer` chunks to byte arrays and its errors to
/// `TransportError`.
private struct ByteChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: HTTPClientResponse.Body
    let request: String

    func makeAsyncIterator() -> Iterator { Iterator(base: body.makeAsyncIterator(), request: request) }

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let request: String
        mutating func next() async throws -> [UInt8]? {
            do {
                guard let buffer = try await base.next() else { return nil }
                return Array(buffer.readableBytesView)
            } catch {
                throw TransportError(kind: .connectionLost, request: request, underlying: String(describing: error))
            }
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
