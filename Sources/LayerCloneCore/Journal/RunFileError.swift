/// A run file (journal, staging store, target store, or their logs) that is missing, damaged
/// or does not hold what the journal says: the run cannot be resumed from it.
package struct RunFileError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    /// The file.
    package let path: String
    /// What is wrong with it.
    package let problem: String

    package init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    package var description: String {
        "\(path): \(problem). The run cannot be resumed from it: run the same clone or seed command with "
            + "--restart to start afresh (it waits for the target's running layerclone imports, then reads "
            + "the target again, so nothing is created twice)"
    }

    package var exitClass: ErrorClass { .badInput }
}
