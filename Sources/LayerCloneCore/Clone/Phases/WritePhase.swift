import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// The write phase of a type: sends what `DecidePhase` left to write, by import jobs
/// (`ImportWriter`) or REST (`RESTWriter`) as the plan says.
struct WritePhase: Sendable {
    let target: CloneEnvironment
    let journal: RunJournal
    let runID: String
    let events: any EventSink
    let crash: CrashPoints
    /// The target's reads: a chunk or batch sent again is preceded by a fresh one.
    let reads: TargetReads
    /// Inputs per import (shared by the run's types).
    let importCap: ImportCap
    /// Watches the target's import jobs of the run.
    let importWatcher: JobWatcher
    let importChunk: Int
    /// The form of the nested children's `type` a parent's imports start with.
    let nestedTypeForm: NestedTypeForm

    private var store: StagingStore { reads.sourceStore }

    /// Writes the type.
    /// - Parameters:
    ///   - nested: the staged child types its imports carry nested (import writes only).
    ///   - spread: the import slots to spread the imports over (`ImportWriter.spreadOver`).
    ///   - parentsWritten: returns once the parents named by code are written; nothing is
    ///     sent before (an import's inputs are built while they are).
    func run(
        _ step: ExecutionStep, nested: [NestedChildren], spread: Int = 1,
        parentsWritten: @escaping @Sendable () async throws -> Void
    ) async throws {
        let type = step.type
        let reads = reads
        let shape = step.export
        switch step.method {
        case .import:
            var writer = ImportWriter(
                target: target, journal: journal, runID: runID, store: store, events: events, crash: crash,
                importCap: importCap, watcher: importWatcher, rescan: { try await reads.rescan($0, shape: shape) })
            writer.nested = nested
            writer.spreadOver = spread
            if !nested.isEmpty {
                writer.forms = try NestedFormChoice(journal: journal, parent: type, initial: nestedTypeForm)
            }
            writer.toMany = step.references.filter(\.carriedByImport).compactMap { reference in
                reference.targets.first.map { ToManyInput(relation: reference.relationship, targetType: $0) }
            }
            try await writer.write(type: type, chunkSize: importChunk, whenReady: parentsWritten)
        case .rest:
            try await parentsWritten()
            let targetStore = reads.targetStore
            try await RESTWriter(
                target: target, journal: journal, store: store, events: events, crash: crash,
                rescan: { try await reads.rescan($0, shape: shape) },
                lookup: { try await find($0, identity: $1, shape: shape) },
                disabledInTarget: { try targetStore.comparison.disabledEnvironmentIDs(type: $0) }
            ).write(type: type)
        }
    }

    /// Finds the target record of `identity` by reading the type from the target page by page
    /// (for a create whose answer was lost).
    private func find(_ type: ResourceType, identity: String, shape: ExportShape) async throws -> Resource? {
        let wanted = try store.identities.targetIdentity(type: type, identity: identity) ?? identity
        let scratch = try StagingStore.inMemory(catalog: store.catalog)
        var query = Query().sort("id").pageSize(Query.maxPageSize)
        if !shape.includes.isEmpty { query = query.include(shape.includes.joined(separator: ",")) }
        var number = 0
        for try await page in target.client.pages(type, query: query) {
            number += 1
            let records = page.resources.map {
                PageNesting.record($0, included: page.included, paths: shape.includes)
            }
            if !records.isEmpty { try scratch.loader.load(records: records, type: type, name: "page-\(number)") }
        }
        guard let match = try scratch.comparison.environmentIDs(type: type).first(where: { $0.identity == wanted })
        else {
            return nil
        }
        return try await target.client.retrieve(type, id: match.id)
    }
}
