import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    func recordReachEvent(_ input: Operations.RecordReachEvent.Input) async throws -> Operations.RecordReachEvent.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        let key = reader.require(reader.string("deviceKey"), "deviceKey")
        let activity = reader.require(reader.string("activity"), "activity")
        if let key, !DeviceKey.isWellFormed(key) {
            reader.fail("deviceKey", LocalizedText(vi: "Mã thiết bị không hợp lệ.", en: "The device key is not valid."))
        }
        if let activity, !DeviceActivity.known.contains(activity) {
            let known = DeviceActivity.known.sorted().joined(separator: ", ")
            reader.fail("activity", LocalizedText(vi: "Hoạt động phải là một trong: \(known).", en: "The activity must be one of \(known)."))
        }
        guard reader.errors.isEmpty, let key, let activity else { throw Problem(.validation, errors: reader.errors) }
        try await services.reachEvents.recordDevice(key: key, activity: activity, channel: scope.client, clientAddress: scope.clientAddress)
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func recordOutsideReport(_ input: Operations.RecordOutsideReport.Input) async throws -> Operations.RecordOutsideReport.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let id = try await services.reachEvents.recordOutsideReport(form(body), by: try principal())
        return .created(.init(body: .json(.init(id: id.uuidString.lowercased()))))
    }
}
