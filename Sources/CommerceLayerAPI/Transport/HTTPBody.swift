import Foundation

/// A response body streamed as chunks of bytes. It can be iterated once.
package struct HTTPBody: AsyncSequence, Sendable {
    package typealias Element = [UInt8]

    private let makeNext: @Sendable () -> (() async throws -> [UInt8]?)

    /// Wraps any sendable asynchronous sequence of byte chunks.
    package init<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks) where Chunks.Element == [UInt8] {
        makeNext = {
            let box = IteratorBox(chunks.makeAsyncIterator())
            return { try await box.next() }
        }
    }

    /// A body made of bytes already in memory, handed out in chunks of `chunkSize`.
    package init(bytes: [UInt8], chunkSize: Int = 16 * 1024) {
        let chunks = stride(from: 0, to: bytes.count, by: Swift.max(1, chunkSize)).map {
            Array(bytes[$0..<Swift.min($0 + chunkSize, bytes.count)])
        }
        self.init(ChunkList(chunks: chunks))
    }

    /// A body holding this text as UTF-8.
    package init(string: String) { self.init(bytes: Array(string.utf8)) }

    /// An empty body.
    package static var empty: HTTPBody { HTTPBody(bytes: []) }

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(next: makeNext()) }

    /// Iterates the chunks.
    package struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let next: () async throws -> [UInt8]?
        package mutating func next() async throws -> [UInt8]? { try await next() }
    }

    /// Reads the whole body into memory.
    /// - Throws: `HTTPBodyTooLarge` past `limit` bytes, or the stream's error.
    package func collect(upTo limit: Int = 16 * 1024 * 1024) async throws -> Data {
        var data = Data()
        for try await chunk in self {
            guard data.count + chunk.count <= limit else { throw HTTPBodyTooLarge(limit: limit) }
            data.append(contentsOf: chunk)
        }
        return data
    }
}

/// A body exceeded the size the client accepts in memory.
package struct HTTPBodyTooLarge: Error, Sendable, CustomStringConvertible {
    /// The limit, in bytes.
    package let limit: Int
    package var description: String { "response body larger than \(limit) bytes" }
}

private struct ChunkList: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let chunks: [[UInt8]]
    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks[...]) }
    struct Iterator: AsyncIteratorProtocol {
        var chunks: ArraySlice<[UInt8]>
        mutating func next() async throws -> [UInt8]? { chunks.popFirst() }
    }
}

/// Holds a mutable iterator behind a reference so a closure can advance it.
///
/// Not Sendable: one body is iterated by one task.
private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == [UInt8] {
    var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> [UInt8]? { try await base.next() }
}
