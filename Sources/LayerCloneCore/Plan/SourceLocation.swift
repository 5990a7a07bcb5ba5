/// A position in a plan file, for messages in the `file:line:column` form.
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as the user named it (or `<string>` for plans parsed from memory).
    package let file: String
    /// Line number, starting at 1.
    package let line: Int
    /// Column number, starting at 1 (counted in Unicode scalars, as libYAML does).
    package let column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    package var description: String { "\(file):\(line):\(column)" }

    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
