/// Failures of the checkpoint journal.
package enum JournalError: Error, Sendable, CustomStringConvertible {
    /// The journal file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A unit was moved to a state it cannot come from.
    case invalidTransition(unit: String, from: WorkUnitState, to: WorkUnitState)
    /// The unit is not in the journal.
    case unknownUnit(String)
    /// The journal holds no run (it was never begun).
    case noRun(path: String)
    /// A unit the journal holds is not one this layerclone writes: its id, kind, type, state
    /// or detail cannot be read.
    case malformedUnit(path: String, unit: String, reason: String)
    /// A detail of one kind was asked of, or given to, a unit of another.
    case detailKind(unit: String, kind: WorkUnitKind, detail: String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the run journal \(path): \(reason). Run the same clone or seed command with --restart "
                + "to start afresh"
        case .invalidTransition(let unit, let from, let to):
            "journal: unit \(unit) cannot go from \(from.rawValue) to \(to.rawValue)"
        case .unknownUnit(let unit):
            "journal: no unit \(unit)"
        case .malformedUnit(let path, let unit, let reason):
            "the run journal \(path) holds a unit `\(unit)` this layerclone cannot read: \(reason). It was "
                + "written by another version of layerclone, or damaged; run the same clone or seed command "
                + "with --restart to start afresh"
        case .detailKind(let unit, let kind, let detail):
            "journal: unit \(unit) is a \(kind.rawValue) unit, its detail is not a \(detail)"
        case .noRun(let path):
            "\(path) is not a layerclone run journal (it records no run). Run the same clone or seed command "
                + "with --restart to start afresh"
        }
    }
}
