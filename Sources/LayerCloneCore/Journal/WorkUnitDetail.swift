import Foundation
import ResourceCatalog

/// What one unit recorded, typed by its kind.
package enum WorkUnitDetail: Sendable, Equatable {
    case count(CountDetail)
    case read(ReadDetail)
    case stage(StageDetail)
    case diff(DiffDetail)
    case importChunk(ImportDetail)
    case restBatch(RESTBatchDetail)
    case patch(PatchDetail)
    case nestedForm(NestedFormDetail)
    case prune(PruneDetail)
    case undo(UndoDetail)

    /// Wraps a detail of any kind.
    init(_ detail: some UnitDetail) {
        switch detail {
        case let detail as CountDetail: self = .count(detail)
        case let detail as ReadDetail: self = .read(detail)
        case let detail as StageDetail: self = .stage(detail)
        case let detail as DiffDetail: self = .diff(detail)
        case let detail as ImportDetail: self = .importChunk(detail)
        case let detail as RESTBatchDetail: self = .restBatch(detail)
        case let detail as PatchDetail: self = .patch(detail)
        case let detail as NestedFormDetail: self = .nestedForm(detail)
        case let detail as PruneDetail: self = .prune(detail)
        case let detail as UndoDetail: self = .undo(detail)
        default: preconditionFailure("\(type(of: detail)) is a UnitDetail without a WorkUnitDetail case")
        }
    }

    /// The detail itself.
    package var value: any UnitDetail {
        switch self {
        case .count(let detail): detail
        case .read(let detail): detail
        case .stage(let detail): detail
        case .diff(let detail): detail
        case .importChunk(let detail): detail
        case .restBatch(let detail): detail
        case .patch(let detail): detail
        case .nestedForm(let detail): detail
        case .prune(let detail): detail
        case .undo(let detail): detail
        }
    }

    /// The kind of unit it belongs to.
    package var kind: WorkUnitKind { type(of: value).kind }

    /// Reads the journal's text of a detail of `kind`; nil when it records nothing (`null`).
    /// - Throws: `DecodingError` when the text is not such a detail.
    static func decode(_ text: String, kind: WorkUnitKind) throws -> WorkUnitDetail? {
        let data = Data(text.utf8)
        guard try JSONDecoder().decode(JSONValue.self, from: data) != .null else { return nil }
        func decode<D: UnitDetail>(_: D.Type) throws -> WorkUnitDetail {
            WorkUnitDetail(try JSONDecoder().decode(D.self, from: data))
        }
        return switch kind {
        case .count: try decode(CountDetail.self)
        case .export: try decode(ReadDetail.self)
        case .stage: try decode(StageDetail.self)
        case .diff: try decode(DiffDetail.self)
        case .importChunk: try decode(ImportDetail.self)
        case .restBatch: try decode(RESTBatchDetail.self)
        case .patch: try decode(PatchDetail.self)
        case .nestedForm: try decode(NestedFormDetail.self)
        case .prune: try decode(PruneDetail.self)
        case .undo: try decode(UndoDetail.self)
        }
    }

    /// The journal's text of `detail`: its JSON, keys sorted.
    static func encode(_ detail: some UnitDetail) throws -> String {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(detail)).canonicalJSON
    }

    /// Why `error` (from `decode`) refused a detail, in a few words.
    static func reason(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let parent = path(context)
            return "member `\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)` is missing"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "member `\(path(context))` is not of type \(type)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not JSON" : "member `\(path(context))` is not valid"
        default:
            return "\(error)"
        }
    }
}
