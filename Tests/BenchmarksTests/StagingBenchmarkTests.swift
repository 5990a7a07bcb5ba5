import Foundation
import ResourceCatalog
import Testing

@testable import Benchmarks
@testable import Staging

@Suite("Staging benchmark")
struct StagingBenchmarkTests {
    @Test("a generated multi-megabyte export streams from a file through every phase")
    func generatedFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("staging-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/prices.json.gz"
        try ExportGenerator(records: 6000, priceLists: 3).write(to: file)
        let result = try StagingBenchmark(directory: directory, chunkSize: 1000)
            .run(file: file, type: "prices", transforms: [.set(field: "metadata.cloned_by", value: "layerclone")])
        #expect(result.records == 6000)
        #expect(result.decompressedBytes > ElementBatch.capacity)
        #expect(result.chunks == 6)  // 2000 per price list, cut at 1000
        let store = try StagingStore.open(at: directory + "/staging.sqlite")
        #expect(Set(try store.identities.stagedIdentities(type: "prices")).count == 6000)
        let chunk = try #require(try store.chunks.planChunks(type: "prices", size: 1000).first)
        let inputs = try #require(JSONValue.parse(store.chunks.readChunk(chunk).inputsJSON).arrayValue)
        #expect(inputs.count == 1000)
        #expect(inputs.first?["metadata"]?["cloned_by"] == "layerclone")
        #expect(inputs.first?["sku_code"] != nil && inputs.first?["price_list"] == nil)
    }
}
