import ResourceCatalog

extension CloneRunContext {
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
}
