import CommerceLayerAPI
import ResourceCatalog
import Staging

// The scheduler of a clone run: every rule on what may run when, in this file.
//
// - Type dependencies: each type runs as its own task (`processAllTypes`), through its phases
//   (`processType`: stage, read, decide, write, read back, patch). It waits, through
//   `TypeGates`, only for what it needs (`parentsToWaitFor`, `nestingParents`): parents named
//   by id must have landed, parents named by code must be written (and staged to decide),
//   children nested in its imports must be staged. A type that fails fails the types waiting
//   for it; others go on. `--sequential` runs the types one at a time in plan order.
// - Job slots: each side runs at most `jobsInFlight` export and import jobs at once (the API
//   caps ten per organization and kind; both sides of one organization share them), and
//   `restInFlight` REST writes (`JobSlots`). A job create the API refuses for want of a slot
//   waits for one (`JobSlotWait`).
//   A type other types wait for has its imports spread over the slots (`importSpread`), so
//   its children start sooner; the others keep chunks as large as the API takes, which
//   costs fewer requests.
// - Rate budget: every request of a side is paced by its client within the environment's
//   budget per rate-limit class (`RateLimiter`, `RateBudgets.forEnvironment`); the jobs' polls
//   are one list request per side and kind however many jobs run (`JobWatcher`).

/// The gates types wait at for the types they depend on.
struct TypeGates: Sendable {
    /// Types landed: written, and their target ids known (read back).
    let landed = TypeGate()
    /// Types written (before their target ids are read back): what children that reference
    /// them only by code (`sku_code`) wait for.
    let written = TypeGate()
    /// Types staged and transformed (what a parent nesting them in its imports waits for).
    let staged = TypeGate()

    /// Fails what waits for a type that failed, but for the gates it passed already.
    func failUnlessLanded(_ type: ResourceType) async {
        await landed.markFailedUnlessLanded(type)
        await written.markFailedUnlessLanded(type)
        await staged.markFailedUnlessLanded(type)
    }

    /// Fails what waits for a looked-up type that could not be read.
    func failLookUp(_ type: ResourceType) async {
        await landed.markFailed(type)
        await written.markFailed(type)
    }
}

/// How many jobs and writes one side runs at once.
package struct JobSlots: Sendable {
    /// Import (and export) jobs one side may have pending or running at once.
    package let jobsInFlight: Int
    /// Export jobs pending or running at once (the API allows 10).
    package let exports: AsyncSemaphore
    /// Import jobs pending or running at once (the API allows 10).
    package let imports: AsyncSemaphore
    /// REST writes in flight at once (the rate limiter paces them further).
    package let rest: AsyncSemaphore

    /// - Parameter other: the slots of a side in the same organization: the API caps jobs per
    ///   organization, so both sides then draw on the same job slots (not REST's).
    package init(jobsInFlight: Int, restInFlight: Int, sharing other: JobSlots?) {
        self.jobsInFlight = other?.jobsInFlight ?? max(1, jobsInFlight)
        exports = other?.exports ?? AsyncSemaphore(permits: max(1, jobsInFlight))
        imports = other?.imports ?? AsyncSemaphore(permits: max(1, jobsInFlight))
        rest = AsyncSemaphore(permits: max(1, restInFlight))
    }
}

extension CloneRunContext {
    /// What a looked-up type's failure was doing (its error alone does not say).
    static let lookUpDoing = "reading it from the target"

    /// Runs every type (and every looked-up type) as its own task; a type that fails fails the
    /// types that need it, others go on.
    /// - Returns: the types that could not be cloned, each with the error that stopped it.
    func processAllTypes() async throws -> [TypeFailure] {
        let scheduled = Set(plan.steps.map(\.type)).union(plan.lookedUpTypes)
        if job.runOptions.sequential { return try await processSequentially(scheduled: scheduled) }
        return try await withThrowingTaskGroup(of: TypeFailure?.self) { group in
            for step in plan.steps {
                group.addTask {
                    do {
                        try await processType(step, scheduled: scheduled)
                        return nil
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        await gates.failUnlessLanded(step.type)
                        let failure = TypeFailure(type: step.type, cause: error)
                        events.emit(.typeFailed(type: step.type, reason: failure.reason))
                        return failure
                    }
                }
            }
            for type in plan.lookedUpTypes where plan.step(type) == nil {
                group.addTask {
                    do {
                        try await lookUp(type)
                        return nil
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        await gates.failLookUp(type)
                        return TypeFailure(type: type, cause: error, doing: Self.lookUpDoing)
                    }
                }
            }
            var failures: [TypeFailure] = []
            for try await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures.sorted { $0.type < $1.type }
        }
    }

    /// `processAllTypes` one type at a time: looked-up types, then the steps in plan order.
    private func processSequentially(scheduled: Set<ResourceType>) async throws -> [TypeFailure] {
        var failures: [TypeFailure] = []
        for type in plan.lookedUpTypes where plan.step(type) == nil {
            do { try await lookUp(type) } catch let error as CancellationError { throw error } catch {
                await gates.failLookUp(type)
                failures.append(TypeFailure(type: type, cause: error, doing: Self.lookUpDoing))
            }
        }
        for step in plan.steps {
            do {
                // Children nested in this type's imports are staged first.
                for child in plan.nestedChildren(of: step.type) {
                    do { try await stage(child) } catch let error as CancellationError { throw error } catch {
                        // The child's own step fails with this error; the parent goes on without it.
                        await gates.staged.markFailed(child.type)
                    }
                }
                try await processType(step, scheduled: scheduled)
            } catch let error as CancellationError {
                throw error
            } catch {
                await gates.landed.markFailedUnlessLanded(step.type)
                await gates.written.markFailedUnlessLanded(step.type)
                let failure = TypeFailure(type: step.type, cause: error)
                events.emit(.typeFailed(type: step.type, reason: failure.reason))
                failures.append(failure)
            }
        }
        return failures.sorted { $0.type < $1.type }
    }

    /// The types whose imports may write records of `step`'s type: the parent the planner nests
    /// them in, and any cloned type whose inputs keep a nested-children key of that type.
    func nestingParents(of step: ExecutionStep) -> Set<ResourceType> {
        var parents = Set(step.nestedIn.map { [$0.parentType] } ?? [])
        for other in plan.steps where other.method == .import && other.type != step.type {
            guard let spec = job.catalog[other.type] else { continue }
            if spec.nestedImportChildren.contains(where: { spec.relationship($0)?.targets.contains(step.type) ?? false }
            ) {
                parents.insert(other.type)
            }
        }
        return parents
    }

    /// The types `step` waits for before it writes: its to-one parents, and the types of its
    /// to-many relationships (tags) when they come earlier in the plan's order. `byID` must
    /// have landed (their target ids are known); `byCode`, named only by code attributes the
    /// import API resolves (`sku_code`), need only be written, unless their transforms may
    /// change the code (the input then names them by target id).
    func parentsToWaitFor(
        _ step: ExecutionStep, scheduled: Set<ResourceType>
    ) -> (byID: Set<ResourceType>, byCode: Set<ResourceType>) {
        let earlier = Set(plan.steps.filter { $0.layer < step.layer }.map(\.type)).union(plan.lookedUpTypes)
        let referenced = step.references.filter { reference in
            reference.resolution != .deferred
                && (!reference.isToMany || reference.targets.contains(where: earlier.contains))
        }
        var byCode: Set<ResourceType> = []
        var byID: Set<ResourceType> = []
        for reference in referenced {
            if case .codeAttribute = reference.resolution,
                reference.targets.allSatisfy({ plan.step($0)?.transforms.isEmpty ?? true })
            {
                byCode.formUnion(reference.targets)
            } else {
                byID.formUnion(reference.targets.filter { !reference.isToMany || earlier.contains($0) })
            }
        }
        let own: Set<ResourceType> = [step.type]
        return (
            byID.intersection(scheduled).subtracting(own),
            byCode.subtracting(byID).intersection(scheduled).subtracting(own)
        )
    }

    /// How many import slots `step`'s imports are spread over: all of the target's when other
    /// types wait for it (`ExecutionPlan.waitedFor`) and the run is not sequential, else 1.
    func importSpread(_ step: ExecutionStep) -> Int {
        !job.runOptions.sequential && plan.waitedFor.contains(step.type) ? job.target.slots.jobsInFlight : 1
    }

    /// The child types to nest in `type`'s imports, once they are staged. A child that could
    /// not be staged is left out (it fails on its own, with its reason).
    func stagedNestedChildren(of type: ResourceType) async throws -> [NestedChildren] {
        var nested: [NestedChildren] = []
        for child in plan.nestedChildren(of: type) {
            guard let write = child.nestedIn else { continue }
            do {
                try await gates.staged.wait(for: [child.type])
            } catch is TypeGate.ParentFailed {
                continue
            }
            // Children staged before this type name it by source id: resolve them now.
            try sourceStore.identities.resolveSourceIDReferences(type: child.type)
            nested.append(NestedChildren(type: child.type, relation: write.relationship, key: write.key))
        }
        return nested
    }
}
