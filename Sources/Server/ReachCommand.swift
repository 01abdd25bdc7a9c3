import App
import ArgumentParser
import Domain
import Foundation
import Persistence
import Services

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Maintain the reach figures.",
        subcommands: [RollUpCommand.self, BackfillCommand.self]
    )
}

struct RollUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll-up",
        abstract: "Roll reach up to the last whole month, day and hour now (the server also does it every hour).",
        discussion: """
            Figures are exact with or without roll-ups; they only make reads fast. Use --rebuild \
            after anything changed past months: a backfill of first reach or a new province crosswalk. \
            With --rebuild --as-of DAY the roll-ups end where the server's last run during that \
            Vietnam day leaves them (months two days after their end, days one day after, the rows \
            of the day until 22:00), to measure or check a read as of that day; later figures stay \
            exact, read from the rows.
            """
    )

    @OptionGroup var options: SettingsOptions

    @Flag(help: "Discard every rolled month, day and hour and roll them up again.")
    var rebuild = false

    @Option(name: .customLong("as-of"), help: "Roll up as the server's last run of this Vietnam day (YYYY-MM-DD) would, instead of now.")
    var asOf: String?

    func validate() throws {
        if let asOf, VietnamDay(asOf) == nil { throw ValidationError("--as-of: '\(asOf)' is not a day written YYYY-MM-DD.") }
    }

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let rebuild = rebuild
        let day = asOf.flatMap { VietnamDay($0) }
        let horizon = try await SafeSkills.withServices(settings, logger: logger) { context in
            try await Maintenance(context: context, migrations: MigrationRunner(migrations: try Migration.bundled())).rollUp(
                rebuild: rebuild,
                on: day
            )
        }
        let rows = Date.ISO8601FormatStyle(timeZone: VietnamCalendar.timeZone).format(horizon.rowsBefore)
        print("Reach rolled up through the month ending \(horizon.monthEnd), the day \(horizon.lastDay) and the rows reached before \(rows).")
    }
}

struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Check first reach against the recorded activity and write any rows missing.",
        discussion: """
            Learning and certification write first reach themselves, so nothing should be missing; \
            this finds out, and repairs it (dated by the earliest activity, with the learner's present \
            province, sex and groups), rebuilding the roll-ups in the same transaction.
            """
    )

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let written = try await SafeSkills.withServices(settings, logger: logger) { context in
            try await Maintenance(context: context, migrations: MigrationRunner(migrations: try Migration.bundled())).backfill()
        }
        if written.isEmpty {
            print("First reach is complete: nothing was missing.")
        } else {
            let levels = ReachLevel.allCases.compactMap { level in written[level].map { "\(level.rawValue) \($0)" } }
            print("Wrote missing first-reach rows: \(levels.joined(separator: ", ")). Roll-ups rebuilt.")
        }
    }
}
