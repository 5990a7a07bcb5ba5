import ResourceCatalog
import Staging

/// How the records of a type are written to the target.
package enum WriteMethod: String, Sendable, Hashable, Codable {
    /// Import jobs (`/api/imports`) of at most `limits.importChunk` inputs.
    case `import`
    /// One REST call per record (`POST`/`PATCH /api/{type}`), for types the import API refuses.
    case rest
}

/// Everything the clone job needs to move one type: the unit of the execution plan.
package struct ExecutionStep: Sendable, Hashable {
    /// The concrete type (never abstract).
    package let type: ResourceType
    /// The dependency layer (0-based): every parent is in an earlier layer, so all steps of one
    /// layer may run at once.
    package let layer: Int
    /// Import or REST.
    package let method: WriteMethod
    /// Why the type is in scope (listed, or pulled in as a parent), never empty.
    package let reasons: [ScopeReason]
    /// The natural key records are matched by; empty means `reference`, else a content
    /// fingerprint.
    package let identity: [IdentityComponent]
    /// Whether `identity` comes from the plan rather than the catalog.
    package let identityOverridden: Bool
    /// What to ask the source's export for.
    package let export: ExportShape
    /// Transforms to apply, in order, before remapping.
    package let transforms: [Transform]
    /// Create, update or both.
    package let write: WriteMode
    /// What to do with a reference that cannot be resolved.
    package let missingReferences: MissingReferencePolicy
    /// The relationship an import's `parent_resource_id` sets for a whole chunk (import only).
    package let importParent: String?
    /// Every parent relationship and how it is resolved.
    package let references: [ParentReference]
    /// Whether the export API has long accepted the type; when false, an export refusal
    /// falls back to paginated GETs.
    package let isLegacyExportable: Bool
    /// For a REST type whose new records can ride in their parent's imports: where.
    package var nestedIn: NestedWrite? = nil
    /// Environment-specific fields left out of writes, each with the target values records
    /// may keep (those the plan's `environment_values` mapped to; none by default). Applied
    /// after `transforms`; the records that lose a value are reported.
    package var withheldFields: [String: [JSONValue]] = [:]

    package init(
        type: ResourceType, layer: Int, method: WriteMethod, reasons: [ScopeReason],
        identity: [IdentityComponent], identityOverridden: Bool, export: ExportShape,
        transforms: [Transform], write: WriteMode, missingReferences: MissingReferencePolicy,
        importParent: String?, references: [ParentReference], isLegacyExportable: Bool
    ) {
        self.type = type
        self.layer = layer
        self.method = method
        self.reasons = reasons
        self.identity = identity
        self.identityOverridden = identityOverridden
        self.export = export
        self.transforms = transforms
        self.write = write
        self.missingReferences = missingReferences
        self.importParent = importParent
        self.references = references
        self.isLegacyExportable = isLegacyExportable
    }

    /// Parents written as code-style attributes the import API resolves (`sku_code`).
    package var codeReferences: [String] {
        references.compactMap { if case .codeAttribute(let name) = $0.resolution { name } else { nil } }
    }

    /// Parents written as mapped target ids.
    package var mappedReferences: [String] {
        references.filter { $0.resolution == .mappedID }.map(\.relationship)
    }

    /// To-many relationships the step's import inputs carry (`tags`); other to-many
    /// relationships are set by PATCH once the type has landed.
    package var importedToMany: [String] {
        references.filter(\.carriedByImport).map(\.relationship)
    }

    /// Parents not in the plan, looked up in the target.
    package var lookedUpReferences: [String] {
        references.filter { $0.resolution == .lookupInTarget }.map(\.relationship)
    }

    /// Identity component names, or `["reference"]` when the type has no natural key.
    package var identityNames: [String] {
        identity.isEmpty ? ["reference"] : identity.map(\.name)
    }
}
