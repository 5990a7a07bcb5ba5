/// A run of split records handed from the reading thread to the inserting one.
///
/// Everything lives in flat arrays of plain values: the records' bytes and the values computed
/// from them (`RecordExtractor`) are spans of `bytes`, so building and handing over a batch
/// allocates nothing per record, and the inserting thread binds the spans without copying.
struct ElementBatch: Sendable {
    /// A run of `bytes`, or SQL NULL.
    struct Span: Sendable, Hashable {
        var start: Int
        /// The length in bytes; -1 for NULL.
        var count: Int

        static let null = Span(start: 0, count: -1)

        var isNull: Bool { count < 0 }
    }

    /// One staged record.
    struct Record: Sendable {
        /// The record's JSON, as stored.
        var body: Span
        /// Its byte offset in the decompressed file.
        var offset: Int
        /// Whether the values below were computed (else SQLite computes them on insert).
        var extracted = false
        /// Whether the record has a top-level `id` member (its source id is then kept).
        var hasIDMember = false
        /// `CAST(json_extract(body, '$.id') AS TEXT)`.
        var sourceID = Span.null
        var identity = Span.null
        /// Its references, as indices into `references`.
        var references: Range<Int> = 0..<0
        /// Whether the load's transforms are still to be applied to the body, in SQL (the body
        /// of the others is already transformed).
        var needsTransform = false
    }

    /// A to-one reference, as stored in `refs`.
    struct Reference: Sendable {
        /// The index of the relationship in the type's `parentRelationships`.
        var relation: Int
        var parentIdentity: Span
        var codeValue: Span
    }

    /// The records' bytes and the values computed from them, back to back.
    var bytes: [UInt8] = []
    var records: [Record] = []
    var references: [Reference] = []
    /// Per load transform, the records of this batch whose body it changed.
    var transformChanges: [Int] = []

    /// Bytes held before a batch is handed over.
    static let capacity = 1 << 20

    init(transforms: Int = 0) {
        transformChanges = Array(repeating: 0, count: transforms)
        bytes.reserveCapacity(Self.capacity + 64 * 1024)
        records.reserveCapacity(4096)
        references.reserveCapacity(8192)
    }

    var isFull: Bool { bytes.count >= Self.capacity }

    /// Appends `element` as a record's body, transformed by `transformer` when it can (only
    /// valid JSON is, see `JSONValidator`); returns the record (not yet added to `records`).
    /// `isMinified`: whether the element has no whitespace outside strings, when known.
    mutating func appendBody(
        _ element: UnsafeRawBufferPointer, offset: Int, transformer: LoadTransformer? = nil, isValid: Bool = false,
        isMinified: Bool? = nil
    ) -> Record {
        let start = bytes.count
        if let transformer, isValid,
            transformer.transform(
                element.bindMemory(to: UInt8.self), into: &bytes, changes: &transformChanges, isMinified: isMinified)
        {
            return Record(body: Span(start: start, count: bytes.count - start), offset: offset)
        }
        bytes.append(contentsOf: element)
        var record = Record(body: Span(start: start, count: element.count), offset: offset)
        record.needsTransform = transformer != nil
        return record
    }

    /// The text of a span (tests and diagnostics).
    func string(_ span: Span) -> String? {
        span.isNull ? nil : String(decoding: bytes[span.start..<span.start + span.count], as: UTF8.self)
    }
}
