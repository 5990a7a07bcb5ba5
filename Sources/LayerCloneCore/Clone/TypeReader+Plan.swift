import ResourceCatalog
import Staging

extension TypeReader {
    /// Reads, concurrently, every type `plan` clones (under `stepLabel`, prepared with the
    /// plan's transforms when `prepare`) and every type it only looks up (under `lookupLabel`,
    /// so records that name them by id find them) into `store`.
    func readPlan(
        _ plan: ExecutionPlan, into store: StagingStore, stepLabel: ReadLabel, lookupLabel: ReadLabel, prepare: Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for type in plan.lookedUpTypes where plan.step(type) == nil {
                let shape = ExportShape.lookup(of: type, catalog: store.catalog)
                group.addTask { try await read(.init(type: type, shape: shape, label: lookupLabel), into: store) }
            }
            for step in plan.steps {
                group.addTask {
                    try await read(.init(type: step.type, shape: step.export, label: stepLabel), into: store)
                    if prepare { try store.prepare(step) }
                }
            }
            try await group.waitForAll()
        }
    }
}
