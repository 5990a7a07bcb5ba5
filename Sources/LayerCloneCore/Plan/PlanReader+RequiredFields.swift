import ResourceCatalog
import Staging
import Yams

extension PlanReader {
    /// Reports transforms that leave a field the target requires on create without a value:
    /// `drop` or `rename` away from it (unless a later `set` or `rename` writes it again),
    /// `set` to null, or `map` of a value to null. Every record would be rejected with
    /// "can't be blank". (`mask` always writes a fake of a present value, so it never
    /// leaves a field empty.)
    mutating func checkRequiredFieldsKept(_ transforms: [(transform: Transform, node: Node)], specs: [ResourceSpec]) {
        for spec in specs {
            let required = Set(spec.attributes.filter { $0.isRequired && $0.isCreatable }.map(\.name))
            guard !required.isEmpty else { continue }
            // The transform that emptied each required field, while no later one writes it.
            var emptied: [String: (kind: String, node: Node)] = [:]
            for (transform, node) in transforms {
                switch transform {
                case .drop(let field) where required.contains(field):
                    emptied[field] = ("drop", node)
                case .rename(let from, let to):
                    emptied[to] = nil
                    if required.contains(from) { emptied[from] = ("rename", node) }
                case .set(let field, let value) where required.contains(field):
                    emptied[field] = value == .null ? ("set", node) : nil
                case .map(let field, let values) where required.contains(field) && values.values.contains(.null):
                    emptied[field] = ("map", node)
                default: break
                }
            }
            for (field, cause) in emptied.sorted(by: { $0.key < $1.key }) {
                report(
                    cause.node,
                    "`\(cause.kind)` leaves \"\(field)\" of \(spec.type) without a value, but the target requires it "
                        + "to create a record (every new record would be rejected: \"\(field): can't be blank\"); "
                        + "keep it, or `set` it after the `\(cause.kind)`")
            }
        }
    }
}
