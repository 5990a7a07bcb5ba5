/// How a clone run goes: whether it resumes or starts afresh, how strict it is about
/// attributes the catalog does not know, and its pace.
package struct CloneRunOptions: Sendable {
    /// Sets aside the unfinished runs of the same plan and environments (and any whose
    /// journal cannot be read) and starts afresh, once the target's running layerclone imports
    /// have settled (`RunRestart`).
    package var restart = false
    /// Stops a type whose source records carry attributes the catalog does not know
    /// (`UnknownFields`) before anything of it is written; else they are a warning and a
    /// report line, and the rest of each record is cloned.
    package var strictFields = false
    /// Runs one type at a time, in plan order (the baseline of `bench clone`: how the official
    /// CLI is used). Jobs in flight are set by the environments' slots.
    package var sequential = false
    /// How often the run's jobs are polled (one list request per environment and kind).
    package var pollInterval: Duration = .seconds(1)

    package init() {}
}

/// How a run writes into the target: what keeps it from overwriting changes others made
/// there, and whether it deletes what the source lacks.
package struct WritePolicy: Sendable {
    /// The drift ledger (`CloneSetup` opens it; `overwriteDrift` writes drifted records anyway)
    /// or the saved diff being applied.
    package var writeGuard = WriteGuard()
    /// Deletes the target records of the plan's types the source lacks, once the rest is
    /// written (`--prune`), at most `PruneRule.maxDeletes` of them; nil deletes nothing.
    package var prune: PruneRule?

    package init(writeGuard: WriteGuard = WriteGuard(), prune: PruneRule? = nil) {
        self.writeGuard = writeGuard
        self.prune = prune
    }
}
