import ResourceCatalog
import Staging

extension PlanReader {
    /// Masks on both ends of a code reference must agree: a price names its sku by
    /// `sku_code`, which must equal the sku's `code` in the target. Masking one end and not
    /// the other (or both with different kinds) makes every reference miss, so it is refused:
    /// a masked code attribute (`prices.sku_code`) needs the same mask on the attribute it
    /// names (`skus.code`) in the plan, and a masked `skus.code` needs the same mask on the
    /// `sku_code` of every type of the plan that names skus by code.
    mutating func checkCodeReferenceMasks(_ selections: [ResourceSelection]) {
        let effective = effectiveSelections(selections)
        for (type, selection) in effective.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let spec = catalog[type] else { continue }
            for reference in spec.codeReferences {
                guard let parent = spec.relationship(reference.relationship)?.target else { continue }
                let parentSelection =
                    effective[parent]
                    ?? catalog[parent].flatMap { parentSpec in
                        parentSpec.subtypes.lazy.compactMap { effective[$0] }.first
                    }
                let childMask = Self.mask(on: reference.attribute, in: selection)
                let parentMask = parentSelection.flatMap { Self.mask(on: reference.targetAttribute, in: $0) }
                guard childMask != parentMask else { continue }
                let child = "\(type).\(reference.attribute)"
                let named = "\(parent).\(reference.targetAttribute)"
                let why =
                    "\(type) name their \(reference.relationship) by \(reference.attribute), which must equal "
                    + "the \(reference.relationship)'s \(reference.targetAttribute) in the target"
                let message: String
                switch (childMask, parentMask) {
                case (let kind?, nil):
                    message =
                        "`mask` on \(child) needs the same mask on \(named) "
                        + "(`- mask: {field: \(reference.targetAttribute), kind: \(kind.rawValue)}` under \(parent)), "
                        + "or no mask on either: \(why)"
                case (nil, let kind?):
                    message =
                        "\(named) is masked, so \(child) needs the same mask "
                        + "(`- mask: {field: \(reference.attribute), kind: \(kind.rawValue)}` under \(type)): \(why)"
                case (let left?, let right?):
                    message =
                        "`mask` on \(child) is kind \(left.rawValue) but on \(named) kind \(right.rawValue); "
                        + "use the same kind on both: \(why)"
                case (nil, nil):
                    continue
                }
                issues.append(PlanIssue(selection.location, message))
            }
        }
    }

    /// The selection that applies to each listed type: a type's own entry wins over a preset's.
    private func effectiveSelections(_ selections: [ResourceSelection]) -> [ResourceType: ResourceSelection] {
        var result: [ResourceType: ResourceSelection] = [:]
        var fromTypeEntry: Set<ResourceType> = []
        for selection in selections {
            let isTypeEntry = if case .type = selection.subject { true } else { false }
            for type in selection.types(in: catalog) where isTypeEntry || !fromTypeEntry.contains(type) {
                if isTypeEntry { fromTypeEntry.insert(type) }
                result[type] = selection
            }
        }
        return result
    }

    private static func mask(on field: String, in selection: ResourceSelection) -> MaskKind? {
        for case .mask(let masked, let kind) in selection.transforms where masked == field { return kind }
        return nil
    }
}
