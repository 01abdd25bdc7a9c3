import APIContract
import Domain
import Foundation
import Logging
import Persistence

extension APIHandlers {
    /// Awareness activities a front may report for an anonymous device.
    static let deviceActivities: Set<String> = ["opened-app", "read-tip", "watched-video", "played-game", "checked-link"]

    func recordReachEvent(_ input: Operations.RecordReachEvent.Input) async throws -> Operations.RecordReachEvent.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(try form(body))
        let key = reader.require(reader.string("deviceKey"), "deviceKey")
        let activity = reader.require(reader.string("activity"), "activity")
        if let key, !DeviceKey.isWellFormed(key) {
            reader.fail("deviceKey", LocalizedText(vi: "Mã thiết bị không hợp lệ.", en: "The device key is not valid."))
        }
        if let activity, !Self.deviceActivities.contains(activity) {
            reader.fail("activity", LocalizedText(
                vi: "Hoạt động phải là một trong: \(Self.deviceActivities.sorted().joined(separator: ", ")).",
                en: "The activity must be one of \(Self.deviceActivities.sorted().joined(separator: ", "))."
            ))
        }
        guard reader.errors.isEmpty, let key, let activity else { throw Problem(.validation, errors: reader.errors) }
        let now = clock.now()
        let hash = accounts.deviceHash(key)
        let keys = [accounts.throttle.key("device-events", key), accounts.throttle.key("device-events-address", scope.clientAddress)]
        try await checkThrottle(keys)
        try await accounts.throttle.record(keys[0], policy: .deviceEventsPerDevice, now: now, in: database)
        try await accounts.throttle.record(keys[1], policy: .deviceEventsPerAddress, now: now, in: database)
        let channel = scope.client
        try await database.withConnection { connection in
            try await ReachStore.recordDevice(hash: hash, activity: activity, channel: channel, day: VietnamCalendar.day(of: now), on: connection, logger: logger)
        }
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func recordOutsideReport(_ input: Operations.RecordOutsideReport.Input) async throws -> Operations.RecordOutsideReport.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let admin = try principal()
        let today = VietnamCalendar.day(of: clock.now())
        var reader = FormReader(try form(body))
        let organisation = reader.require(reader.string("organisation"), "organisation")
        let start = reader.require(reader.string("periodStart"), "periodStart")
        let end = reader.require(reader.string("periodEnd"), "periodEnd")
        let province = reader.string("province")
        let activity = reader.require(reader.string("activity"), "activity")
        let people = reader.require(reader.integer("people"), "people")
        let evidence = reader.string("evidenceUrl")
        let tooLong = LocalizedText(vi: "Tối đa 200 ký tự.", en: "At most 200 characters.")
        if let organisation, organisation.count > 200 { reader.fail("organisation", tooLong) }
        if let activity, activity.count > 200 { reader.fail("activity", tooLong) }
        if let start, !VietnamCalendar.isDay(start) { reader.fail("periodStart", .notADay) }
        if let end, !VietnamCalendar.isDay(end) { reader.fail("periodEnd", .notADay) }
        if let start, let end, VietnamCalendar.isDay(start), VietnamCalendar.isDay(end) {
            if end < start { reader.fail("periodEnd", LocalizedText(vi: "Ngày kết thúc trước ngày bắt đầu.", en: "The period ends before it starts.")) }
            if end > today { reader.fail("periodEnd", .dayNotYet) }
        }
        if let people, !(1...10_000_000).contains(people) {
            reader.fail("people", LocalizedText(vi: "Số người từ 1 đến 10.000.000.", en: "The number of people is from 1 to 10,000,000."))
        }
        if let evidence, !evidence.lowercased().hasPrefix("https://") || evidence.count > 500 {
            reader.fail("evidenceUrl", LocalizedText(vi: "Liên kết phải bắt đầu bằng https://.", en: "The link must start with https://."))
        }
        let now = clock.now()
        let id = UUID()
        // A province is judged by the units in force when the period ended.
        let provinceDay = end.flatMap { VietnamCalendar.isDay($0) ? $0 : nil } ?? today
        try await database.withTransaction { connection in
            if let province, !(try await AccountStore.provinceIsValid(province, on: provinceDay, connection: connection, logger: logger)) {
                reader.fail("province", Self.unknownProvince)
            }
            guard reader.errors.isEmpty, let organisation, let start, let end, let activity, let people else {
                throw Problem(.validation, errors: reader.errors)
            }
            try await ReachStore.recordOutsideReport(
                .init(organisation: organisation, periodStart: start, periodEnd: end, province: province, activity: activity, people: people, evidenceURL: evidence),
                id: id, actor: admin.learnerID, now: now, on: connection, logger: logger
            )
        }
        logger.notice("outside report recorded", metadata: ["actor": "\(admin.learnerID)", "report": "\(id)"])
        return .created(.init(body: .json(.init(id: id.uuidString.lowercased()))))
    }
}
