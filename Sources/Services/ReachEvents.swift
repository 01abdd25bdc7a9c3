import Crypto
import Domain
import Foundation
import Logging
import Persistence

/// Reach recorded beside people: anonymous devices that fronts report, and outside reports that
/// administrators record. Neither is ever added to people reached.
public struct ReachEvents: Sendable {
    let context: ServiceContext
    let accounts: AccountService

    public init(context: ServiceContext, accounts: AccountService) {
        self.context = context
        self.accounts = accounts
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// Records an awareness activity of an anonymous device (its key kept only as a keyed
    /// hash), throttled per device and per address.
    public func recordDevice(key: String, activity: String, channel: String?, clientAddress: String) async throws {
        let now = context.clock.now()
        let hash = accounts.deviceHash(key)
        let keys = [accounts.throttle.key("device-events", key), accounts.throttle.key("device-events-address", clientAddress)]
        try await accounts.checkThrottle(keys)
        try await accounts.throttle.record(keys[0], policy: .deviceEventsPerDevice, now: now, in: database)
        try await accounts.throttle.record(keys[1], policy: .deviceEventsPerAddress, now: now, in: database)
        try await database.withConnection { connection in
            try await ReachStore.recordDevice(
                hash: hash,
                activity: activity,
                channel: channel,
                day: VietnamDay(of: now).text,
                on: connection,
                logger: logger
            )
        }
    }

    /// Records an outside report from its fields, every problem at once (its province checked
    /// against the units in force when its period ended); returns its id.
    public func recordOutsideReport(_ values: [String: FormValue], by admin: Principal) async throws -> UUID {
        let now = context.clock.now()
        let today = VietnamDay(of: now)
        var (report, errors) = OutsideReport.read(values, today: today)
        let id = context.random.uuid()
        try await database.withTransaction { connection in
            if case .string(let province)? = values["province"],
                !(try await AccountStore.provinceIsValid(
                    province,
                    on: OutsideReport.provinceDay(values, today: today).text,
                    connection: connection,
                    logger: logger
                ))
            {
                errors.append(FieldError(pointer: "/province", message: AccountService.unknownProvince))
                report = nil
            }
            if case .string(let organisationID)? = values["organisationId"],
                try await OrganisationStore.organisation(organisationID, on: connection, logger: logger) == nil
            {
                errors.append(FieldError(pointer: "/organisationId", message: OrganisationMessages.unknownParent))
                report = nil
            }
            guard let report, errors.isEmpty else { throw Refusal(.validation, errors: errors) }
            try await ReachStore.recordOutsideReport(report, id: id, actor: admin.learnerID, now: now, on: connection, logger: logger)
        }
        logger.notice("outside report recorded", metadata: ["actor": "\(admin.learnerID)", "report": "\(id)"])
        return id
    }
}
