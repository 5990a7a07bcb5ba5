import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: streaming pipeline")
struct StagingPipelineTests {
    @Test("an insert failure early in a large file stops the reader and stages nothing")
    func earlyFailureCancelsReader() throws {
        let generator = ExportGenerator(records: 20000)
        var text = #"[{"code":tru},"#
        for index in 0..<generator.records {
            text += generator.record(index) + (index == generator.records - 1 ? "]" : ",")
        }
        let store = try StagingStore.inMemory()
        let error = #expect(throws: StagingError.self) {
            try store.loader.load(bytes: Array(text.utf8), type: "prices", name: "big.json", gzipped: false)
        }
        guard case .malformedExport(_, let offset, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(offset == 1)
        let rows = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM records") }
        #expect(rows == 0)
    }
}
