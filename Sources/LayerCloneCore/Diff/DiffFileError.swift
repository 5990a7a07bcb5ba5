/// A saved diff that `apply` cannot write.
package enum DiffFileError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    /// The file is a snapshot or something else, not a diff.
    case notADiff(path: String)
    /// The target reached is not the one the diff was taken against.
    case otherTarget(path: String, taken: String, reached: String)

    package var description: String {
        switch self {
        case .notADiff(let path):
            "\(path) is not a saved diff (make one with `layerclone diff PLAN --source P --target P --out FILE.lcdiff`)"
        case .otherTarget(let path, let taken, let reached):
            "\(path) was taken against \(taken), but the target profile reaches \(reached); "
                + "take a new diff against this target, or pass the profile it was taken against with --target"
        }
    }

    package var exitClass: ErrorClass {
        switch self {
        case .notADiff: .badInput
        case .otherTarget: .usage
        }
    }
}
