import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

@Suite("Export ranges")
struct ExportRangesTests {
    @Test("a type is exported in as few id ranges as the chunk size allows, of even sizes")
    func evenRanges() async throws {
        // 150 skus at an export chunk of 100: two jobs of 75, not 100 and 50.
        let planText = """
            source: test
            target: live
            resources:
              skus:
            limits: {export_chunk: 100}
            """
        try await DemoStoreFixture.with(scale: 3) { fixture in
            let result = try await fixture.clone(planText)
            let journal = try RunJournal(path: result.directory.journalPath)
            let exports = try journal.units(kind: .export, type: "skus").filter { $0.key.readLabel == .export }
            #expect(try exports.map { try $0.detail(ReadDetail.self)?.records ?? 0 }.sorted() == [75, 75])
        }
    }
}
