import ArgumentParser
import Foundation
import Testing

@testable import layerclone

/// Every command line the README shows is accepted by the command-line parser, read from the
/// README itself so that a README edit cannot drift from the tool unnoticed.
@Suite("README command lines")
struct ReadmeCommandLineTests {
    static let readme = ReadmeCommandLines(
        readme: (try? String(contentsOf: ReadmeCommandLines.readmeURL, encoding: .utf8)) ?? "")

    /// Whether the parser accepts `arguments` (a help request counts as accepted), with its
    /// message when it does not.
    static func parse(_ arguments: [String]) -> String? {
        do {
            _ = try LayerClone.parseAsRoot(arguments)
            return nil
        } catch {
            if LayerClone.exitCode(for: error) == .success { return nil }
            return LayerClone.message(for: error)
        }
    }

    @Test("the README shows the command table, the code blocks and the prose's commands")
    func readmeHasCommandLines() throws {
        let lines = Self.readme.lines
        let tableCommands = Set(
            lines.filter { $0.kind == .table }.compactMap { $0.text.split(separator: " ").dropFirst().first })
        // Every subcommand of the root has a row in the README's command table.
        let subcommands = LayerClone.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        for name in subcommands {
            #expect(tableCommands.contains(Substring(name)), "the README's command table has no row for `\(name)`")
        }
        #expect(lines.contains { $0.kind == .codeBlock }, "no command line found in the README's code blocks")
        #expect(lines.contains { $0.kind == .prose }, "no command line found in the README's prose")
    }

    @Test("every command line of the README is accepted by the parser", arguments: readme.lines)
    func acceptedByParser(_ line: ReadmeCommandLines.Line) throws {
        let vectors = try SynopsisExpander.expand(line.text)
        #expect(!vectors.isEmpty, "\(line): nothing to parse")
        for arguments in vectors {
            if let message = Self.parse(arguments) {
                Issue.record("\(line)\n  `layerclone \(arguments.joined(separator: " "))` is refused: \(message)")
            }
        }
    }

    @Test("the check fails for command lines the parser refuses")
    func refusalsAreSeen() throws {
        for synopsis in ["layerclone seed FILE.lcsnap", "layerclone nosuch", "layerclone clone PLAN --bogus"] {
            let vectors = try SynopsisExpander.expand(synopsis)
            #expect(vectors.contains { Self.parse($0) != nil }, "`\(synopsis)` was accepted")
        }
    }

    @Test("a synopsis stands for its optional parts, its alternatives and sample values")
    func expansion() throws {
        let vectors = try SynopsisExpander.expand("layerclone seed FILE.lcsnap|DIR --target P [--allow-live]")
        #expect(
            vectors == [
                ["seed", "store.lcsnap", "--target", "test"], ["seed", "seed-folder", "--target", "test"],
                ["seed", "store.lcsnap", "--target", "test", "--allow-live"],
                ["seed", "seed-folder", "--target", "test", "--allow-live"],
            ])
        #expect(throws: SynopsisExpander.UnknownPlaceholder.self) {
            try SynopsisExpander.expand("layerclone plan THING")
        }
    }

    @Test("command lines come from tables, code blocks and prose, without comments or pipes")
    func extraction() {
        let readme = """
            | `layerclone status [RUN] [--json]` | where a run stands |
            Run `layerclone resume <run>` or `git status`.
            ```sh
            swift run layerclone demo   # the whole job
            layerclone plan p.yml --format dot | dot -Tsvg > graph.svg
            echo hi
            ```
            """
        let lines = ReadmeCommandLines(readme: readme).lines
        #expect(
            lines.map(\.text) == [
                "layerclone status [RUN] [--json]", "layerclone resume <run>", "layerclone demo",
                "layerclone plan p.yml --format dot",
            ])
        #expect(lines.map(\.lineNumber) == [1, 2, 4, 5])
    }
}
