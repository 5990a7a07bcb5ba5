import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// Options shared by `clone`, `resume` and `seed`.
struct CloneOptions: ParsableArguments {
    @Option(name: .long, help: "Source profile (overrides the plan's `source`).")
    var source: String?

    @Option(name: .long, help: "Target profile (overrides the plan's `target`).")
    var target: String?

    @Flag(name: .long, help: "Allow writing to a live environment.")
    var allowLive = false

    @Flag(name: .long, help: "Print NDJSON events on standard output instead of the live view.")
    var json = false

    @Option(
        name: .customLong("outage-budget"),
        help: "Seconds the API may stay unreachable before the run stops (exit 69; run the same command to resume).")
    var outageBudget = 300

    @Flag(
        name: .long,
        help: """
            Stop a type whose source records carry attributes layerclone does not know, before anything \
            of it is written (by default they are left out, with a warning and a report line).
            """)
    var strictFields = false

    @Flag(
        name: .long,
        help: """
            Write records that changed in the target since layerclone last wrote them (by default \
            they are left as they are, listed in the report, and the run ends with exit code 2).
            """)
    var overwriteDrift = false

    @Flag(
        name: .long,
        help: """
            Delete target records of the plan's types that the source lacks, children first, once \
            the rest is written (at most --max-deletes of them: more, and none is deleted).
            """)
    var prune = false

    @Option(name: .long, help: "The most records --prune may delete (default 0: it only lists them).")
    var maxDeletes: Int?

    @OptionGroup var workdir: WorkdirOptions

    @OptionGroup var profiles: ProfileOptions

    func validate() throws {
        guard outageBudget > 0 else {
            throw ValidationError("--outage-budget must be a number of seconds above 0, got \(outageBudget)")
        }
        if let maxDeletes {
            guard prune else { throw ValidationError("--max-deletes limits --prune; add --prune, or leave it out") }
            guard maxDeletes >= 0 else {
                throw ValidationError("--max-deletes must be a number of records, 0 or more, got \(maxDeletes)")
            }
        }
    }

    /// The setup for a plan, with output chosen for where it goes.
    /// - Parameter folder: the work folder, when the caller has checked it already; else the
    ///   `--workdir` option's (checked and created here).
    func setup(planPath: String, workdir folder: URL? = nil, in context: CommandContext) throws -> CloneSetup {
        var setup = CloneSetup(
            planPath: planPath, workdir: try folder ?? workdir.url(in: context), events: events(in: context))
        setup.sourceName = source
        setup.targetName = target
        setup.allowLive = allowLive
        setup.clients.outageBudget = .seconds(outageBudget)
        setup.runOptions.strictFields = strictFields
        setup.writePolicy.writeGuard.overwriteDrift = overwriteDrift
        setup.writePolicy.prune = prune ? PruneRule(maxDeletes: maxDeletes ?? 0) : nil
        setup.crash = CrashPoints(environment: context.environment)
        setup.clients.clock = context.clock
        setup.notice = context.noteWriter
        if !json, context.isInteractive {
            setup.events = LiveProgressView(
                types: [], colors: context.supportsColor, write: context.standardError.write)
        }
        if !json, context.canPrompt, context.isInteractive {
            let standardError = context.standardError
            setup.confirmLive = { LiveConfirmation.ask(organization: $0, on: standardError) }
        }
        return setup
    }

    /// The sink of a run's events when there is no live view: NDJSON on standard output with
    /// `--json`, else lines on standard error.
    func events(in context: CommandContext) -> any EventSink {
        json
            ? NDJSONEventSink(write: context.standardOutput.write, now: context.now)
            : LineEventSink(write: context.standardError.write)
    }

    /// Runs `body` (which builds and runs the job of `setup`); with `--json`, a failure before
    /// the run could report its own end still ends the stream with `run_finished`.
    func running(_ setup: CloneSetup, _ body: @escaping @Sendable () async throws -> CloneResult) async throws
        -> CloneResult
    {
        do {
            return try await SignalCancellation.run(body)
        } catch {
            endStream(after: error, events: setup.events)
            throw error
        }
    }

    /// With `--json`, ends the NDJSON stream with `run_finished` for a command that failed
    /// before its run could (nothing when the run wrote its own).
    func endStream(after error: any Error, events: any EventSink) {
        guard let sink = events as? NDJSONEventSink, !sink.hasFinished else { return }
        let status = ErrorReport.status(for: error) ?? .internalError
        sink.emit(
            .runFinished(
                runID: nil, totals: TypeOutcome(), exitCode: status.rawValue,
                state: status == .interrupted ? .interrupted : .failed, reportPath: nil,
                error: ErrorReport.message(for: error)))
    }

    /// Prints the outcome and picks the exit code: 0 when all went well, 2 when records were
    /// rejected, skipped, left as they are for drift, or found different.
    /// - Parameter driftHint: what writes drifted records anyway; nil for `apply`'s own
    ///   wording (records changed since the diff was taken).
    func finish(_ result: CloneResult, in context: CommandContext, driftHint: String? = "--overwrite-drift writes them")
        throws
    {
        let output = context.standardOutput
        if !json {
            let totals = result.totals
            output.print(
                "run \(result.runID): \(totals.sourceRecords) records in the source; \(totals.created) created, "
                    + "\(totals.updated) updated, \(totals.unchanged) unchanged, \(totals.rejected) rejected, "
                    + "\(totals.skipped) skipped, \(totals.missingReferences) missing references")
            if totals.drifted > 0 {
                let records = totals.drifted == 1 ? "1 record" : "\(totals.drifted) records"
                output.print(
                    "drifted: \(records) changed in the target since layerclone last wrote them, left as "
                        + "they are (listed in the report)" + (driftHint.map { "; \($0)" } ?? ""))
            }
            if let prune = result.prune {
                output.print(Self.pruneLine(prune))
            }
            let differences = result.verification.flatMap(\.findings)
            output.print(
                differences.isEmpty ? "verified: the target holds every record written" : "verification found:")
            for line in differences.prefix(20) { output.print("  \(line)") }
            output.print("report: \(result.reportPath)")
            output.print("        \(result.htmlReportPath)")
        }
        if result.hasProblems { throw ExitStatus.finishedWithRejections.exitCode }
    }

    /// The summary line of a prune.
    static func pruneLine(_ prune: PruneOutcome) -> String {
        let records = { (count: Int) in count == 1 ? "1 record" : "\(count) records" }
        if prune.overLimit {
            return "prune refused: \(records(prune.entries.count)) only in the target would be deleted, more than "
                + "--max-deletes \(prune.maxDeletes) allows; nothing was deleted (listed in the report)"
        }
        return "pruned: \(records(prune.deletedCount)) only in the target deleted"
            + (prune.notDeletedCount > 0 ? ", \(records(prune.notDeletedCount)) left (see the report)" : "")
    }
}
