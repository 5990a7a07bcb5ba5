import Foundation
import GRDB
import GRDBSQLite
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: chunk reads build inputs on a second thread")
struct ChunkReadPipelineTests {
    /// A store of `records` prices over two price lists, remapped, with target ids for every
    /// parent and for the prices of one SKU in ten (those inputs update by id).
    static func store(records: Int) throws -> StagingStore {
        let generator = ExportGenerator(records: records, priceLists: 2)
        let text = "[" + (0..<records).map(generator.record).joined(separator: ",") + "]"
        let store = try StagingStore.inMemory()
        try store.loader.load(
            bytes: Array(text.utf8), type: "prices", name: "prices.json", gzipped: false,
            transforms: [.set(field: "metadata.cloned_by", value: "layerclone")])
        try store.identities.inventParentTargetIDs(type: "prices")
        let identities = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT identity FROM records WHERE type = 'prices' AND id % 10 = 3")
        }
        try store.identities.recordTargetIDs(identities.map { ($0, "own-\($0.hashValue & 0xffff)") }, type: "prices")
        try store.remapper.remap(type: "prices", policy: .skip)
        return store
    }

    /// The inputs of `chunk` built on one thread straight from the statement, with the full SQL
    /// (own ids and renamed parents always looked up).
    static func reference(_ store: StagingStore, _ chunk: ImportChunk) throws -> (json: String, ids: [Int64]) {
        let builder = ImportInputBuilder(
            spec: try #require(store.catalog[chunk.type]), catalog: store.catalog,
            omitParent: chunk.parentResourceID != nil)
        return try store.writer.read { db in
            let statement = try db.makeStatement(sql: builder.sql)
            let raw = statement.sqliteStatement
            sqlite3_bind_int64(raw, 1, chunk.id)
            sqlite3_bind_text(raw, 2, chunk.type.rawValue, -1, ChunkReader.transient)
            defer { sqlite3_reset(raw) }
            var inputs: [(position: Int64, id: Int64, json: [UInt8])] = []
            while sqlite3_step(raw) == SQLITE_ROW {
                var json: [UInt8] = []
                builder.append(StatementColumns(statement: raw), to: &json)
                inputs.append((sqlite3_column_int64(raw, builder.positionColumn), sqlite3_column_int64(raw, 0), json))
            }
            inputs.sort { $0.position < $1.position }
            let joined = inputs.map { String(decoding: $0.json, as: UTF8.self) }.joined(separator: ",")
            return ("[" + joined + "]", inputs.map(\.id))
        }
    }

    @Test("inputs of chunks spanning several handed-over batches match a one-thread build, byte for byte")
    func pipelinedReadMatchesOneThread() throws {
        let store = try Self.store(records: 1_300)
        // 650 inputs per price list: one chunk each, over three batches of rows.
        let chunks = try store.chunks.planChunks(type: "prices", size: 650)
        #expect(chunks.count == 2)
        #expect(chunks.allSatisfy { $0.size > 2 * ChunkRows.capacity })
        for chunk in chunks {
            let payload = try store.chunks.readChunk(chunk)
            let reference = try Self.reference(store, chunk)
            #expect(payload.inputsJSON == reference.json)
            #expect(payload.recordIDs == reference.ids)
            let inputs = try #require(try JSONSerialization.jsonObject(with: Data(payload.inputsJSON.utf8)) as? [Any])
            #expect(inputs.count == chunk.size)
        }
        // Some inputs update by id, the others create.
        let all = try chunks.map { try store.chunks.readChunk($0).inputsJSON }.joined()
        #expect(all.contains(#""id":"own-"#))
        #expect(all.contains(#""sku_code":"TSHIRT-"#))
    }

    @Test("chunks of one input, and of exactly one batch, read the same as a one-thread build")
    func batchBoundaries() throws {
        let store = try Self.store(records: 2 * ChunkRows.capacity)
        for size in [1, ChunkRows.capacity, ChunkRows.capacity - 1] {
            try store.chunks.discardChunks(type: "prices")
            for chunk in try store.chunks.planChunks(type: "prices", size: size) {
                let payload = try store.chunks.readChunk(chunk)
                let reference = try Self.reference(store, chunk)
                #expect(payload.inputsJSON == reference.json, "chunk \(chunk.index) of size \(size)")
                #expect(payload.recordIDs == reference.ids)
            }
        }
    }

    @Test("a failing chunk read ends its building thread and reports the database error")
    func failingReadEndsTheAssembler() throws {
        let store = try Self.store(records: 20)
        let chunk = try #require(try store.chunks.planChunks(type: "prices", size: 10).first)
        // The chunk's member list is no JSON array any more: the query fails as it steps.
        try store.writer.write { db in
            try db.execute(sql: "UPDATE chunks SET record_ids = '[1,' WHERE id = ?", arguments: [chunk.id])
        }
        #expect(throws: StagingError.self) { try store.chunks.readChunk(chunk) }
    }
}
