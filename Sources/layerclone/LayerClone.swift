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
        subcommands: [CatalogCommand.self, BenchCommand.self]
    )
}
