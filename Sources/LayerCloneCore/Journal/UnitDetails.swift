import ResourceCatalog

/// What a unit of one kind records: one `Codable` type per kind, whose members keep the JSON
/// names the journal has always used, so a journal an earlier run wrote decodes unchanged.
/// A planned unit may record nothing yet (`WorkUnit.detail` is then nil).
package protocol UnitDetail: Codable, Sendable, Equatable {
    /// The kind of unit this detail belongs to.
    static var kind: WorkUnitKind { get }
}

/// The detail of a count unit: what was counted and how the read is cut.
package struct CountDetail: UnitDetail {
    package static let kind = WorkUnitKind.count
    /// Records the type held when counted.
    package var count: Int?
    /// The id ranges of the read's export jobs (one unbounded range for a page read).
    package var ranges: [ExportRange]?
    /// `get` when the type is read page by page.
    package var method: ReadMethod?
    /// The most records an export took, once learnt (`ExportCap`).
    package var exportCap: Int?
    /// Attributes the source's records carry that the catalog does not know (`UnknownFields`).
    package var unknownFields: [String]?
    /// The environment the read found unknown fields in or fell back to pages in.
    package var environment: String?
    /// Why the environment refused the export (`ReadFallback`).
    package var fallbackReason: String?
    /// List requests the page read takes instead (`ReadFallback`).
    package var listRequests: Int?
    /// Export jobs the read would have taken (`ReadFallback`).
    package var exportJobs: Int?

    package init(count: Int? = nil, ranges: [ExportRange]? = nil, method: ReadMethod? = nil) {
        self.count = count
        self.ranges = ranges
        self.method = method
    }

    enum CodingKeys: String, CodingKey {
        case count, ranges, method, environment
        case exportCap = "export_cap"
        case unknownFields = "unknown_fields"
        case fallbackReason = "fallback_reason"
        case listRequests = "list_requests"
        case exportJobs = "export_jobs"
    }
}

/// One export job's id range: ids above `gt` up to `lteq` (nil: unbounded).
package struct ExportRange: Codable, Sendable, Equatable {
    package var gt: String?
    package var lteq: String?

    package init(gt: String?, lteq: String?) {
        self.gt = gt
        self.lteq = lteq
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gt, forKey: .gt)
        try container.encode(lteq, forKey: .lteq)
    }
}

/// How a count unit says its type is read, when not by export jobs.
package enum ReadMethod: String, Codable, Sendable {
    /// Page by page.
    case get
}

/// The detail of a read unit: the records it staged.
package struct ReadDetail: UnitDetail {
    package static let kind = WorkUnitKind.export
    /// Records staged.
    package var records: Int
    /// The export job, when one ran.
    package var export: String?
    /// The staged records' checksum (`StoreDigest`), when any were staged.
    package var checksum: Int64?

    package init(records: Int, export: String? = nil, checksum: Int64? = nil) {
        self.records = records
        self.export = export
        self.checksum = checksum
    }
}

/// The detail of a stage unit: what staging holds of the type from then on.
package struct StageDetail: UnitDetail {
    package static let kind = WorkUnitKind.stage
    package var records: Int
    package var checksum: Int64

    package init(records: Int, checksum: Int64) {
        self.records = records
        self.checksum = checksum
    }
}

/// The detail of a diff unit: how many staged records were found in each state.
package struct DiffDetail: UnitDetail {
    package static let kind = WorkUnitKind.diff
    package var create: Int
    package var update: Int
    package var unchanged: Int
    package var drifted: Int

    package init(create: Int, update: Int, unchanged: Int, drifted: Int) {
        self.create = create
        self.update = update
        self.unchanged = unchanged
        self.drifted = drifted
    }
}

/// The detail of an import unit.
package struct ImportDetail: UnitDetail {
    package static let kind = WorkUnitKind.importChunk
    /// Inputs in the chunk.
    package var size: Int
    /// The import job, once it finished.
    package var `import`: String?
    /// Inputs it rejected.
    package var rejected: Int?
    /// Errors it gave that name no input.
    package var unattributed: [String]?
    /// The form of the nested children's `type` it was sent with (`NestedFormChoice`).
    package var nestedForm: NestedTypeForm?
    /// The retry chunk its inputs refused for that form were sent again in.
    package var resentAs: Int?

    package init(size: Int) { self.size = size }

    enum CodingKeys: String, CodingKey {
        case size, `import`, rejected, unattributed
        case nestedForm = "nested_form"
        case resentAs = "resent_as"
    }
}

/// The detail of a REST batch unit.
package struct RESTBatchDetail: UnitDetail {
    package static let kind = WorkUnitKind.restBatch
    /// Records in the batch.
    package var records: Int

    package init(records: Int) { self.records = records }
}

/// The detail of a patch unit.
package struct PatchDetail: UnitDetail {
    package static let kind = WorkUnitKind.patch
    /// Records written.
    package var patched: Int
    /// The links of a deferred patch that could not be set (`<record> → <parent>`).
    package var unresolved: [String]?
    /// The parents of a to-many patch not in the target.
    package var missing: Int?

    package init(patched: Int, unresolved: [String]? = nil, missing: Int? = nil) {
        self.patched = patched
        self.unresolved = unresolved
        self.missing = missing
    }
}

/// The detail of a nested form unit: the form switched to, and the one refused.
package struct NestedFormDetail: UnitDetail {
    package static let kind = WorkUnitKind.nestedForm
    package var form: NestedTypeForm
    package var rejected: NestedTypeForm

    package init(form: NestedTypeForm, rejected: NestedTypeForm) {
        self.form = form
        self.rejected = rejected
    }
}
