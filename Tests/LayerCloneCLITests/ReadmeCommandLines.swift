import Foundation

/// The command lines the README shows, read from the README itself, so a README edit is
/// covered without touching the tests.
///
/// Three places hold them: the rows of the command table (`| \`layerclone clone PLAN [--source
/// P]…\` | …`), the lines of fenced code blocks that run `layerclone` (with or without `swift
/// run`), and inline code spans in the prose that start with `layerclone `.
struct ReadmeCommandLines {
    /// One command line as the README writes it, with where it stands.
    struct Line: Sendable, CustomStringConvertible {
        let text: String
        /// The README's line number (1-based).
        let lineNumber: Int
        let kind: Kind

        enum Kind: String, Sendable {
            case table
            case codeBlock = "code block"
            case prose
        }

        var description: String { "README.md:\(lineNumber) (\(kind.rawValue)): \(text)" }
    }

    let lines: [Line]

    /// The package's README (this file is `<root>/Tests/LayerCloneCLITests/ReadmeCommandLines.swift`).
    static let readmeURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    init(readme: String) {
        var found: [Line] = []
        var inFence = false
        for (index, rawLine) in readme.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence {
                if let command = Self.commandInCodeBlock(line) {
                    found.append(Line(text: command, lineNumber: index + 1, kind: .codeBlock))
                }
                continue
            }
            let spans = Self.codeSpans(in: line).filter { $0.hasPrefix("layerclone ") || $0 == "layerclone" }
            if line.hasPrefix("|") {
                // A table row: only its first cell is a command line.
                if let first = spans.first, line.hasPrefix("| `layerclone") {
                    found.append(Line(text: first, lineNumber: index + 1, kind: .table))
                }
            } else {
                for span in spans { found.append(Line(text: span, lineNumber: index + 1, kind: .prose)) }
            }
        }
        lines = found
    }

    /// `layerclone …` or `swift run layerclone …` on a line of a code block, without a trailing
    /// comment or pipe into another program.
    static func commandInCodeBlock(_ line: String) -> String? {
        var text = line
        if text.hasPrefix("swift run ") { text.removeFirst("swift run ".count) }
        guard text.hasPrefix("layerclone ") || text == "layerclone" else { return nil }
        if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
        if let pipe = text.range(of: " | ") { text = String(text[..<pipe.lowerBound]) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The contents of the `code spans` of one Markdown line (`\|` inside them is a `|`).
    static func codeSpans(in line: String) -> [String] {
        let parts = line.components(separatedBy: "`")
        guard parts.count >= 3 else { return [] }
        return stride(from: 1, to: parts.count - 1, by: 2).map {
            parts[$0].replacingOccurrences(of: "\\|", with: "|")
        }
    }
}
