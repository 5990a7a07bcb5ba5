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
        try parse(PlanFile.read(path), file: path)
    }

    /// Parses and validates plan text; `file` names it in messages.
    /// Plans larger than `PlanFile.maxBytes`, or whose YAML aliases expand past
    /// `YAMLExpansion.maxNodes` values, are refused before they are read.
    /// - Throws: `PlanError.invalid` with every issue found.
    package func parse(_ text: String, file: String = "<string>") throws(PlanError) -> Plan {
        guard text.utf8.count <= PlanFile.maxBytes else {
            throw .invalid([
                PlanIssue(
                    SourceLocation(file: file, line: 1, column: 1),
                    "the plan is \(text.utf8.count) bytes; a plan may be at most \(PlanFile.maxBytes) bytes (1 MiB)")
            ])
        }
        let root: Node?
        do {
            // The parser holds the anchors the expansion check looks at: keep it alive until then.
            let parser = try Parser(yaml: text)
            root = try parser.singleRoot()
            if let root, let issue = withExtendedLifetime(parser, { YAMLExpansion.check(root, file: file) }) {
                throw PlanError.invalid([issue])
            }
        } catch let error as PlanError {
            throw error
        } catch {
            throw .invalid([Self.yamlIssue(error, text: text, file: file)])
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
    private static func yamlIssue(_ error: any Error, text: String, file: String) -> PlanIssue {
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
            let mark = secondOccurrence(of: duplicates.first ?? "", in: text, mappingAt: context.mark)
            return PlanIssue(
                SourceLocation(file: file, line: mark.line, column: mark.column),
                "bad YAML: key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) appears twice "
                    + "in the same mapping; list each key once")
        case .reader(let problem, _, _, _):
            return PlanIssue(SourceLocation(file: file, line: 1, column: 1), "bad YAML: \(problem)")
        default:
            return PlanIssue(SourceLocation(file: file, line: 1, column: 1), "bad YAML: \(yamlError)")
        }
    }

    /// Where a duplicated key appears the second time in a block mapping that starts at
    /// `mapping` (Yams only reports the mapping); the mapping's start when not found.
    private static func secondOccurrence(of key: String, in text: String, mappingAt mapping: Mark)
        -> (line: Int, column: Int)
    {
        let lines = text.components(separatedBy: "\n")
        var seen = 0
        for index in max(0, mapping.line - 1)..<lines.count {
            let line = Array(lines[index].unicodeScalars)
            let start = mapping.column - 1
            guard line.count > start, line[..<start].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(line[start...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") {
                seen += 1
                if seen == 2 { return (index + 1, mapping.column) }
            }
        }
        return (mapping.line, mapping.column)
    }
}
