import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The production `HTTPTransport`, on async-http-client.
///
/// Uses `HTTPClient.shared` unless given a client; the caller owns (and shuts down) a client it
/// passes in. Redirects are not followed: API responses never redirect, and pre-signed storage
/// URLs are fetched directly.
///
/// `HTTPRequest.timeout` is one deadline for the whole exchange, counted from `send`: the
/// response head and every chunk of the body must arrive before it, so a server that sends
/// its headers and then one byte a second fails with `TransportError.Kind.timedOut` instead
/// of holding the caller forever.
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
        let deadline = ContinuousClock.now + request.timeout
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .nanoseconds(request.timeout.nanoseconds))
        } catch {
            throw Self.transportError(error, request: request)
        }
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        let chunks = ByteChunks(
            body: response.body, request: request.description, deadline: deadline, timeout: request.timeout)
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
/// `TransportError`, and ends the body with `.timedOut` at the request's deadline.
private struct ByteChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: HTTPClientResponse.Body
    let request: String
    let deadline: ContinuousClock.Instant
    let timeout: Duration

    func makeAsyncIterator() -> Iterator {
        Iterator(
            base: BodyIteratorBox(body.makeAsyncIterator(), request: request), request: request, deadline: deadline,
            timeout: timeout)
    }

    struct Iterator: AsyncIteratorProtocol {
        let base: BodyIteratorBox
        let request: String
        let deadline: ContinuousClock.Instant
        let timeout: Duration

        /// The next chunk, raced against the deadline: when the deadline wins, the read is
        /// cancelled (async-http-client then closes the connection) and `.timedOut` thrown.
        mutating func next() async throws -> [UInt8]? {
            guard ContinuousClock.now < deadline else { throw timedOut }
            let (base, deadline, timedOut) = (base, deadline, timedOut)
            let chunk: [UInt8]?? = try await withThrowingTaskGroup(of: [UInt8]??.self) { group in
                group.addTask {
                    do {
                        return .some(try await base.next())
                    } catch is CancellationError {
                        return nil
                    }
                }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
            // A cancelled read ends the stream: never mistake that for the end of the body.
            try Task.checkCancellation()
            guard let chunk else { throw timedOut }
            return chunk
        }

        private var timedOut: TransportError {
            TransportError(
                kind: .timedOut, request: request,
                underlying: "the response did not arrive in full within \(timeout) (headers and body)")
        }
    }
}

/// The body iterator of one response, behind a reference so a child task can advance it.
///
/// `@unchecked Sendable` is safe: `ByteChunks.Iterator.next()` is the only caller, it is
/// called by one task at a time (a body is iterated once, sequentially), and it waits for the
/// child task that advances the iterator before returning, so two reads never overlap.
private final class BodyIteratorBox: @unchecked Sendable {
    private var base: HTTPClientResponse.Body.AsyncIterator
    private let request: String

    init(_ base: HTTPClientResponse.Body.AsyncIterator, request: String) {
        self.base = base
        self.request = request
    }

    func next() async throws -> [UInt8]? {
        do {
            guard let buffer = try await base.next() else { return nil }
            return Array(buffer.readableBytesView)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError(kind: .connectionLost, request: request, underlying: String(describing: error))
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
