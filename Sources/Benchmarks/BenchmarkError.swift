/// A benchmark that could not run; the message says what failed. The command reports it as
/// an internal error (exit 70), as it is one: the benchmark's own sandbox misbehaved.
package struct BenchmarkError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) { self.description = description }
}
