import Foundation
import ResourceCatalog
import Staging
import Yams

/// Reads a plan file (YAML) and validates it against the resource catalog.
///
/// Every problem is reported with its `file:line:column`, all at once: unknown keys, types,
/// presets, fields in filters and transforms, transforms on fields that are not exportable or
/// not creatable, contradictory options and YAML syntax errors.
package struct PlanParser: Sendable {
    /// The catalog types and fields are checked against.
    package let catalog: ResourceCatalog

    package init(catalog: ResourceCatalog = .commerceLayer) { self.catalog = catalog }

    /// Reads and validates the plan at `path`.
    /// - Throws: `PlanError.unreadable` when the file cannot be read, `PlanError.invalid`
    ///   with every issue found otherwise.
    package func parse(fileAt path: String) throws(PlanError) -> Plan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(text, file: path)
    }

    /// Parses and validates plan text; `file` names it in messages.
    /// - Throws: `PlanError.invalid` with every issue found.
    package func parse(_ text: String, file: String = "<string>") throws(PlanError) -> Plan {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .invalid([Self.yamlIssue(error, file: file)])
        }
        var reader = PlanReader(catalog: catalog, file: file)
        guard let root else {
            throw .invalid([PlanIssue(SourceLocation(file: file, line: 1, column: 1), "the plan is empty")])
        }
        let plan = reader.readPlan(root)
        if let plan, reader.issues.isEmpty { return plan }
        throw .invalid(reader.issues.sorted { $0.location < $1.location })
    }

    /// Turns a Yams error into an issue with the position libYAML reported.
    private static func yamlIssue(_ error: any Error, file: String) -> PlanIssue {
        guard let yamlError = error as? YamlError else {
            return PlanIssue(SourceLocation(file: file, line: 1, column: 1), "bad YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return PlanIssue(
                SourceLocation(file: file, line: mark.line, column: mark.column), "bad YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PlanIssue(
                SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "bad YAML: key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) appears twice "
                    + "in the same mapping; list each key once")
        case .reader(let problem, _, _, _):
            return PlanIssue(SourceLocation(file: file, line: 1, column: 1), "bad YAML: \(problem)")
        default:
            return PlanIssue(SourceLocation(file: file, line: 1, column: 1), "bad YAML: \(yamlError)")
        }
    }
}
