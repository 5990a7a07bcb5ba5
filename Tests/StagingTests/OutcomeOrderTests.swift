import Foundation
import ResourceCatalog
import Testing

@testable import Staging

/// Steps that must follow one another are one call: nothing can come between them.
@Suite("Staging: outcomes recorded in one step each")
struct OutcomeOrderTests {
    /// A store with three skus remapped and planned in one chunk; `code=A` exists in the target.
    static func plannedSkus() throws -> (StagingStore, ImportChunk) {
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(
                #"""
                [{"code":"A","name":"a","shipping_category":{"code":"STD"}},
                 {"code":"B","name":"b","shipping_category":{"code":"STD"}},
                 {"code":"C","name":"c","shipping_category":{"code":"STD"}}]
                """#.utf8),
            type: "skus", name: "skus.json", gzipped: false)
        try store.identities.recordTargetIDs([("code=STD", "tgtSTD")], type: "shipping_categories")
        try store.identities.recordTargetIDs([("code=A", "tgtA")], type: "skus")
        try store.remapper.remap(type: "skus", policy: .fail)
        let chunk = try #require(try store.chunks.planChunks(type: "skus", size: 10).first)
        return (store, chunk)
    }

    @Test("a completed import's records are created, or updated where the target held them, in one call")
    func importedSplitAtOnce() throws {
        let (store, chunk) = try Self.plannedSkus()
        try store.outcomes.harvest(chunk: chunk, errorsLog: ["C": ["name": ["is invalid"]]])
        try store.outcomes.recordChunkImported(chunk)
        #expect(try store.outcomes.outcomeCounts(type: "skus") == [.updated: 1, .created: 1, .rejected: 1])
    }

    @Test("harvesting a retry chunk forgets the rejections its records had from the first import")
    func retryHarvestClearsEarlierRejections() throws {
        let (store, chunk) = try Self.plannedSkus()
        try store.outcomes.harvest(chunk: chunk, errorsLog: [:])
        let refused = try store.chunks.chunkRecords(chunk, keyedBy: ["B", "C"])
        #expect(refused.count == 2)
        try store.outcomes.markRejected(refused, type: "skus", reason: "sent again")
        try store.outcomes.recordChunkImported(chunk)
        let retry = try store.chunks.addRetryChunk(of: chunk, records: refused)
        #expect(try store.outcomes.outcomeCounts(type: "skus") == [.updated: 1, .rejected: 2])
        try store.outcomes.harvest(chunk: retry, errorsLog: ["C": ["name": ["is invalid"]]])
        try store.outcomes.recordChunkImported(retry)
        #expect(try store.outcomes.outcomeCounts(type: "skus") == [.updated: 1, .created: 1, .rejected: 1])
        #expect(try store.outcomes.rejectedRecords(type: "skus").map(\.identity) == ["code=C"])
    }
}
