import ArgumentParser

/// The `layerclone` command line.
@main
struct LayerClone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerclone",
        abstract: "Clone a Commerce Layer dataset from one environment to another.",
        discussion: """
            layerclone orders resource types by dependency, exports them from the source,
            stages them in SQLite, remaps every reference and imports them into the target,
            with a journal that lets any interrupted run resume.

            EXIT CODES
            \(ExitStatus.table)
            """,
        subcommands: [
            CatalogCommand.self, PlanCommand.self, CloneCommand.self, ResumeCommand.self, StatusCommand.self,
            VerifyCommand.self, SnapshotCommand.self, SeedCommand.self, DemoCommand.self, DoctorCommand.self,
            ProbeCommand.self,
            SandboxCommand.self, BenchCommand.self,
        ]
    )

    /// Runs the command, turning every error into a message on standard error and the exit
    /// code from `ExitStatus` that it means.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let status = ErrorReport.status(for: error) else { exit(withError: error) }
            ErrorReport.print(error)
            exit(withError: status.exitCode)
        }
    }
}
