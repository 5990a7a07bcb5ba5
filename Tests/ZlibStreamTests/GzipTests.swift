import Testing

@testable import ZlibStream

@Suite("Streaming gzip")
struct GzipTests {
    static func sample(count: Int) -> [UInt8] {
        return (0..<count).map { UInt8(truncatingIfNeeded: ($0 * 7919) % 251 + ($0 / 1000)) }
    }

    @Test("round trip in pieces of every size from 1 to 7 bytes", arguments: 1...7)
    func roundTrip(pieceSize: Int) throws {
        let original = Self.sample(count: 20_000)
        let compressed = try GzipDeflater.compress(original)
        #expect(compressed.count < original.count)
        #expect(compressed.starts(with: [0x1f, 0x8b]))
        let inflater = try GzipInflater(chunkSize: 1024)
        var output: [UInt8] = []
        var offset = 0
        while offset < compressed.count {
            let end = min(offset + pieceSize, compressed.count)
            try inflater.inflate(Array(compressed[offset..<end])) { output.append(contentsOf: $0) }
            offset = end
        }
        try inflater.finish()
        #expect(output == original)
        #expect(inflater.totalOut == original.count)
    }

    @Test("a truncated stream is reported when it ends")
    func truncated() throws {
        let compressed = try GzipDeflater.compress(Self.sample(count: 5000))
        let inflater = try GzipInflater()
        try inflater.inflate(Array(compressed.dropLast(10))) { _ in }
        #expect(throws: ZlibError.self) { try inflater.finish() }
    }

    @Test("corrupt data is an error, not garbage")
    func corrupt() throws {
        var compressed = try GzipDeflater.compress(Self.sample(count: 5000))
        for index in 20..<40 { compressed[index] ^= 0xFF }
        #expect(throws: ZlibError.self) {
            _ = try GzipInflater.decompress(compressed)
        }
    }

    @Test("concatenated gzip members decompress to the concatenated input")
    func concatenatedMembers() throws {
        let first = Array("hello, ".utf8)
        let second = Array("world".utf8)
        let joined = try GzipDeflater.compress(first) + GzipDeflater.compress(second)
        #expect(try GzipInflater.decompress(joined) == first + second)
    }
}
