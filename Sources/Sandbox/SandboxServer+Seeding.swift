import Foundation
import ResourceCatalog

extension SandboxServer {
    /// Loads a dataset into `environment` through the same validation as REST creates.
    /// - Returns: the created records by dataset key.
    @discardableResult
    package func seed(_ dataset: SeedDataset, into environment: SandboxEnvironment) async throws -> [String: RecordRef]
    {
        let loader = SeedLoader(store: state.store, writer: state.writer)
        // The loader blocks on SQLite; run it off the cooperative pool so the server keeps serving.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try loader.load(dataset, into: environment) })
            }
        }
    }

    /// Generates the demo store at `scale` (see `DemoStoreGenerator`) and loads it.
    @discardableResult
    package func seedDemo(scale: Int, into environment: SandboxEnvironment) async throws -> [String: RecordRef] {
        try await seed(DemoStoreGenerator(scale: scale).dataset(), into: environment)
    }
}
