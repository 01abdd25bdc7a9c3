import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    func findUsers(_ input: Operations.FindUsers.Input) async throws -> Operations.FindUsers.Output {
        _ = try principal()
        guard let identifier = ContactIdentifier.parse(input.query.identifier) else {
            throw Problem.invalidField(
                "/query/identifier",
                LocalizedText(vi: "Hãy nhập một email hoặc số điện thoại.", en: "Enter an email address or a phone number.")
            )
        }
        let account = try await services.admin.findUser(identifier)
        return .ok(.init(body: .json(.init(items: account.map { [.init($0)] } ?? []))))
    }

    func setUserRoles(_ input: Operations.SetUserRoles.Input) async throws -> Operations.SetUserRoles.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let actor = try principal()
        guard let target = UUID(uuidString: input.path.userId) else { throw Problem(.notFound) }
        var reader = FormReader(form(body))
        guard let listed = reader.require(reader.stringArray("roles"), "roles") else { throw Problem(.validation, errors: reader.errors) }
        switch RoleAssignment.validate(listed, target: target, actor: actor.learnerID) {
        case .failure(let failure):
            throw Problem.validation(failure)
        case .success(let roles):
            return .ok(.init(body: .json(.init(try await services.admin.setRoles(roles, of: target, by: actor)))))
        }
    }

    func grantAccommodation(_ input: Operations.GrantAccommodation.Input) async throws -> Operations.GrantAccommodation.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let actor = try principal()
        guard let target = UUID(uuidString: input.path.userId) else { throw Problem(.notFound) }
        var reader = FormReader(form(body))
        guard let (timePercent, reason) = Accommodation.read(&reader) else { throw Problem(.validation, errors: reader.errors) }
        let granted = try await services.admin.grantAccommodation(timePercent: timePercent, reason: reason, to: target, by: actor)
        return .ok(.init(body: .json(.init(granted))))
    }

    func withdrawAccommodation(_ input: Operations.WithdrawAccommodation.Input) async throws -> Operations.WithdrawAccommodation.Output {
        let actor = try principal()
        guard let target = UUID(uuidString: input.path.userId) else { throw Problem(.notFound) }
        try await services.admin.withdrawAccommodation(of: target, by: actor)
        return .noContent(.init())
    }
}

extension Components.Schemas.Accommodation {
    init(_ accommodation: Accommodation) {
        self.init(
            // Domain admits only the steps the contract lists.
            timePercent: .init(rawValue: accommodation.timePercent) ?? ._200,
            reason: .init(rawValue: accommodation.reason.rawValue) ?? .other,
            grantedAt: accommodation.grantedAt
        )
    }
}
