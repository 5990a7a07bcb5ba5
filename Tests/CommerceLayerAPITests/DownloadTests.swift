import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Synchronization
import Testing
import ZlibStream

@testable import CommerceLayerAPI

@Suite("Export downloads")
struct DownloadTests {
    static let records = "[{\"code\":\"A\",\"name\":\"x, [y]\"},{\"code\":\"B\",\"name\":\"q\\\"}\"},{\"code\":\"C\"}]"

    static func completedExport(_ id: String, url: String, count: Int = 3) -> JSONValue {
        FakeAPI.resource(
            "exports", id,
            [
                "status": "completed", "format": "json", "records_count": .int(Int64(count)),
                "attachment_url": .string(url),
            ])
    }

    static func temporaryFile() -> URL {
        TemporaryFolder.url("layerclone-dl", suffix: ".json")
    }

    @Test("the attachment is gunzipped to disk, counted, and fetched without Authorization")
    func download() async throws {
        let gz = try GzipDeflater.compress(Array(Self.records.utf8))
        let api = FakeAPI { request, _ in
            if request.url.host == "storage.example" {
                return HTTPResponse(status: 200, body: HTTPBody(bytes: gz, chunkSize: 7))
            }
            return FakeAPI.json(
                200, ["data": Self.completedExport("e1", url: "https://storage.example/e1.json.gz?sig=1")])
        }
        let client = makeClient(api)
        let destination = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: destination) }
        let job = ExportJob(
            try Resource(json: Self.completedExport("e1", url: "https://storage.example/e1.json.gz?sig=1")))
        let result = try await client.download(export: job, to: destination)
        #expect(result.records == 3)
        #expect(try String(contentsOf: destination, encoding: .utf8) == Self.records)
        let storage = try #require(api.requests.first { $0.url.host == "storage.example" })
        #expect(storage.header("Authorization") == nil)
    }

    @Test("an expired URL (403 from storage) is refreshed by reading the export again")
    func expiredURL() async throws {
        let gz = try GzipDeflater.compress(Array(Self.records.utf8))
        let api = FakeAPI { request, _ in
            if request.url.host == "storage.example" {
                return request.url.query == "sig=old"
                    ? HTTPResponse(status: 403, body: HTTPBody(string: "<Error>Request has expired</Error>"))
                    : HTTPResponse(status: 200, body: HTTPBody(bytes: gz))
            }
            return FakeAPI.json(200, ["data": Self.completedExport("e1", url: "https://storage.example/e1.gz?sig=new")])
        }
        let client = makeClient(api)
        let destination = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: destination) }
        let job = ExportJob(
            try Resource(json: Self.completedExport("e1", url: "https://storage.example/e1.gz?sig=old")))
        let result = try await client.download(export: job, to: destination)
        #expect(result.urlRefreshes == 1)
        #expect(result.records == 3)
        #expect(api.apiRequests.map(\.target) == ["/api/exports/e1"])
    }

    @Test("a file with fewer records than records_count is refused and not left at the destination")
    func countMismatch() async throws {
        let gz = try GzipDeflater.compress(Array(Self.records.utf8))
        let api = FakeAPI { _, _ in HTTPResponse(status: 200, body: HTTPBody(bytes: gz)) }
        let client = makeClient(api)
        let destination = Self.temporaryFile()
        let job = ExportJob(try Resource(json: Self.completedExport("e1", url: "https://storage.example/x", count: 4)))
        await #expect {
            _ = try await client.download(export: job, to: destination)
        } throws: { error in
            if case CommerceLayerError.recordCountMismatch(_, 4, 3) = error { return true }
            return false
        }
        #expect(!FileManager.default.fileExists(atPath: destination.path))
    }

    @Test("a stream cut in the middle restarts the download")
    func brokenStream() async throws {
        let gz = try GzipDeflater.compress(Array(Self.records.utf8))
        let attempts = Mutex(0)
        let api = FakeAPI { _, _ in
            let attempt = attempts.withLock { value -> Int in
                value += 1
                return value
            }
            if attempt == 1 {
                return HTTPResponse(status: 200, body: HTTPBody(BrokenChunks(first: Array(gz.prefix(10)))))
            }
            return HTTPResponse(status: 200, body: HTTPBody(bytes: gz))
        }
        let client = makeClient(api)
        let destination = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: destination) }
        let job = ExportJob(try Resource(json: Self.completedExport("e1", url: "https://storage.example/x")))
        #expect(try await client.download(export: job, to: destination).records == 3)
        #expect(attempts.withLock { $0 } == 2)
    }

    @Test("record counting ignores brackets and commas inside strings and nested values")
    func counter() {
        func count(_ text: String, _ format: RecordCounter.Format = .json) -> Int {
            var counter = RecordCounter(format: format)
            Array(text.utf8).withUnsafeBytes { counter.consume($0) }
            return counter.count
        }
        #expect(count("[]") == 0)
        #expect(count(" [ ] ") == 0)
        #expect(count("[{\"a\":[1,2,{\"b\":\"],\\\"\"}]}]") == 1)
        #expect(count(Self.records) == 3)
        #expect(count("[1, 2, \"x,y\", null]") == 4)
        #expect(count("code,name\nA,\"x\ny\"\nB,z\n", .csv) == 2)
        #expect(count("code,name\nA,b", .csv) == 1)
    }
}

/// Yields some bytes, then fails as a dropped connection does.
private struct BrokenChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let first: [UInt8]
    func makeAsyncIterator() -> Iterator { Iterator(first: first) }
    struct Iterator: AsyncIteratorProtocol {
        var first: [UInt8]?
        mutating func next() async throws -> [UInt8]? {
            if let chunk = first {
                first = nil
                return chunk
            }
            throw TransportError(kind: .connectionLost, request: "GET attachment", underlying: "reset")
        }
    }
}
