import ResourceCatalog
import Testing

@testable import LayerCloneCore
@testable import Staging

@Suite("Imports spread over the job slots")
struct ImportSpreadTests {
    private func chunks(_ sizes: [Int]) -> [ImportChunk] {
        sizes.enumerated().map { ImportChunk(id: Int64($0), type: "skus", index: $0, parentResourceID: nil, size: $1) }
    }

    @Test("a type's imports are cut evenly over the slots, never below 1,000 inputs")
    func spreadSize() {
        #expect(ImportWriter.spreadSize(chunks([8_200, 8_200]), limit: 10_000, slots: 10) == 1_640)
        #expect(ImportWriter.spreadSize(chunks([4_500]), limit: 10_000, slots: 10) == 1_000)
        // Already small enough, or no slot to spare: left as cut.
        #expect(ImportWriter.spreadSize(chunks([900]), limit: 10_000, slots: 10) == nil)
        #expect(ImportWriter.spreadSize(chunks([8_200, 8_200]), limit: 10_000, slots: 1) == nil)
        #expect(ImportWriter.spreadSize(chunks(Array(repeating: 2_000, count: 10)), limit: 2_000, slots: 10) == nil)
        // A plan's smaller chunk size wins.
        #expect(ImportWriter.spreadSize(chunks([500, 500]), limit: 500, slots: 10) == nil)
    }
}
