import ResourceCatalog

/// One planned import of a type: up to the chunk size of its records, in stable order, all
/// under one import parent when the type has one.
package struct ImportChunk: Sendable, Hashable {
    /// Row id in the store (stable across resumes).
    package let id: Int64
    package let type: ResourceType
    /// 0-based position among the type's chunks; with the run id it makes the deterministic
    /// import reference `layerclone:<run>:<type>:<index>`.
    package let index: Int
    /// The target id to send as `parent_resource_id`, when one parent covers the chunk.
    package let parentResourceID: String?
    /// Number of inputs.
    package let size: Int
    /// The chunk whose import refused these inputs, when they are sent again
    /// (`StagingStore.addRetryChunk`).
    package var retryOf: Int64? = nil
}

/// The body of one import: what to send for an `ImportChunk`.
package struct ImportPayload: Sendable, Hashable {
    package let chunk: ImportChunk
    /// The `inputs` array as JSON text, inputs in chunk order.
    package let inputsJSON: String
    /// The staged record of each input, in the same order.
    package let recordIDs: [Int64]
    /// Child records sent nested in an input, by the input's record (see `NestedChildren`).
    package var nested: [Int64: [StagedRecordID]] = [:]
    /// The form of `type` the nested children carry, when the inputs may nest any.
    package var nestedForm: NestedTypeForm? = nil
}

/// A staged record, named by its row id and type.
package struct StagedRecordID: Sendable, Hashable {
    package let recordID: Int64
    package let type: ResourceType
}

/// A record to create over REST (types the import API does not accept).
package struct RESTPayload: Sendable, Hashable {
    /// The staged record (`records.id`).
    package let recordID: Int64
    package let identity: String?
    /// `{"data":{"type","attributes","relationships":{rel:{"data":{"type","id"}}}}}` with
    /// target ids, as JSON text.
    package let documentJSON: String
}
