import ResourceCatalog

/// Lets a type's work start as soon as the types it depends on have landed in the target,
/// so independent types run in parallel along the dependency graph rather than in stages.
package actor TypeGate {
    /// Why a wait ended without its types landing.
    package struct ParentFailed: Error, Sendable, CustomStringConvertible {
        package let parent: ResourceType
        package init(parent: ResourceType) { self.parent = parent }
        package var description: String { "its parent type \(parent) did not finish" }
    }

    private var landed: Set<ResourceType> = []
    private var failed: Set<ResourceType> = []
    /// Each waiter with the types it waits for.
    private var waiters = WaiterQueue<Set<ResourceType>>()

    package init() {}

    /// Waits until every type in `types` has landed.
    /// - Throws: `ParentFailed` as soon as one of them fails; `CancellationError` when the
    ///   waiting task is cancelled.
    package func wait(for types: Set<ResourceType>) async throws {
        try Task.checkCancellation()
        if let failure = types.intersection(failed).min() { throw ParentFailed(parent: failure) }
        if types.isSubset(of: landed) { return }
        let token = waiters.nextWaiterToken()
        try await WaiterQueue<Set<ResourceType>>.suspend {
            waiters.add(token, info: types, continuation: $0)
        } whenCancelled: {
            Task { await self.cancelWaiter(token) }
        }
    }

    private func cancelWaiter(_ token: Int) { waiters.cancel(token) }

    /// Records that a type landed, waking the work that waited for it.
    package func markLanded(_ type: ResourceType) {
        landed.insert(type)
        settle()
    }

    /// Records that a type failed; work waiting for it fails too.
    package func markFailed(_ type: ResourceType) {
        failed.insert(type)
        settle()
    }

    /// Records that a type failed, unless it landed already (what waited for it has its due).
    package func markFailedUnlessLanded(_ type: ResourceType) {
        guard !landed.contains(type) else { return }
        markFailed(type)
    }

    /// Whether the type landed.
    package func hasLanded(_ type: ResourceType) -> Bool { landed.contains(type) }

    private func settle() {
        let (landed, failed) = (landed, failed)
        waiters.resume { types in
            if let failure = types.intersection(failed).min() { return .failure(ParentFailed(parent: failure)) }
            return types.isSubset(of: landed) ? .success(()) : nil
        }
    }
}
