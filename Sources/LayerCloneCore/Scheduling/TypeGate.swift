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
    private var waiters: [Waiter] = []
    private var nextWaiter = 0

    private struct Waiter {
        let id: Int
        let types: Set<ResourceType>
        let continuation: CheckedContinuation<Void, any Error>
    }

    package init() {}

    /// Waits until every type in `types` has landed.
    /// - Throws: `ParentFailed` as soon as one of them fails; `CancellationError` when the
    ///   waiting task is cancelled.
    package func wait(for types: Set<ResourceType>) async throws {
        try Task.checkCancellation()
        if let failure = types.intersection(failed).min() { throw ParentFailed(parent: failure) }
        if types.isSubset(of: landed) { return }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, types: types, continuation: continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

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
        var remaining: [Waiter] = []
        for waiter in waiters {
            if let failure = waiter.types.intersection(failed).min() {
                waiter.continuation.resume(throwing: ParentFailed(parent: failure))
            } else if waiter.types.isSubset(of: landed) {
                waiter.continuation.resume()
            } else {
                remaining.append(waiter)
            }
        }
        waiters = remaining
    }
}
