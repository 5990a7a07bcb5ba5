/// How a child nested in an import input names its type (`price_tiers[].type`): Commerce
/// Layer's own import app sends the model's class name (`"PriceVolumeTier"`); the REST API
/// shows a tier's `type` attribute as the resource type (`"price_volume_tiers"`). Which form
/// the import API takes is UNKNOWN; the evidence favours the class name.
package enum NestedTypeForm: String, Sendable, Hashable, CaseIterable, Codable {
    /// The model's class name, from the singular name: `price_volume_tier` → `PriceVolumeTier`.
    case className = "class"
    /// The plural resource type: `price_volume_tiers`.
    case resourceType = "type"

    /// The `type` value a nested child of `spec` carries in this form.
    package func value(for spec: ResourceSpec) -> String {
        switch self {
        case .className: spec.className
        case .resourceType: spec.type.rawValue
        }
    }

    /// The other form.
    package var other: NestedTypeForm { self == .className ? .resourceType : .className }
}

extension ResourceSpec {
    /// The model's class name, from the singular name (`price_frequency_tier` →
    /// `PriceFrequencyTier`).
    package var className: String {
        singular.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
