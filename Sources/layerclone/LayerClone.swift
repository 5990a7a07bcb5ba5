import ArgumentParser
import Foundation

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
            VerifyCommand.self, DiffCommand.self, ApplyCommand.self, UndoCommand.self, SnapshotCommand.self,
            SeedCommand.self,
            DemoCommand.self, DoctorCommand.self,
            ProbeCommand.self,
            SandboxCommand.self, BenchCommand.self,
        ]
    )

    /// Runs the command line of this process and exits with its code.
    static func main() async {
        Foundation.exit(await run(Array(CommandLine.arguments.dropFirst()), in: .process))
    }

    /// Parses `arguments` and runs the command they name in `context`, turning every error
    /// into a message on the context's standard error; returns the exit code from
    /// `ExitStatus` that the outcome means (ArgumentParser's own for its help and usage
    /// errors, written where ArgumentParser writes them).
    static func run(_ arguments: [String], in context: CommandContext) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return report(parserError: error, in: context)
        }
        do {
            switch command {
            case let contextual as any ContextualCommand:
                try await contextual.run(in: context)
            case var asyncCommand as any AsyncParsableCommand:
                try await asyncCommand.run()
            default:
                var command = command
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch {
            guard let status = ErrorReport.status(for: error) else { return report(parserError: error, in: context) }
            ErrorReport.print(error, to: context.standardError)
            return status.rawValue
        }
    }

    /// Writes what ArgumentParser says of one of its errors (help on standard output, the
    /// rest on standard error, as `exit(withError:)` does) and returns its exit code.
    private static func report(parserError error: any Error, in context: CommandContext) -> Int32 {
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if !text.isEmpty { (code == .success ? context.standardOutput : context.standardError).print(text) }
        return code.rawValue
    }
}
