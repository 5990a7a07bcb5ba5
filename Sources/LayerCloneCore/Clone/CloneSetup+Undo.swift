import CommerceLayerAPI
import Foundation

extension CloneSetup {
    /// Builds the undo of run `runID` against its target (`targetName`, else the profile the
    /// run wrote to), after the live-target check.
    package func makeUndoJob(runID: String, resolver: ProfileResolver, transport: any HTTPTransport) async throws
        -> UndoJob
    {
        let directory = try RunDirectory.existing(id: runID, workdir: workdir)
        let info = try RunJournal(path: directory.journalPath).run()
        let profile = try resolver.profile(named: targetName ?? info.target)
        let client = clients.client(for: profile, transport: transport)
        let claims = try await client.claims()
        try confirmTarget(claims)
        return UndoJob(
            runID: runID,
            target: CloneEnvironment(name: profile.name, client: client, pollSchedule: clients.pollSchedule),
            ledger: try openLedger(claims), workdir: workdir, events: events)
    }
}
