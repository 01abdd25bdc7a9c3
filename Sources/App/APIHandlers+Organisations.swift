import APIContract
import Domain
import Foundation
import Services

extension APIHandlers {
    func createOrganisation(_ input: Operations.CreateOrganisation.Input) async throws -> Operations.CreateOrganisation.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let organisation = try await services.organisations.create(form(body))
        return .created(.init(body: .json(.init(organisation, language: scope.language))))
    }

    func updateOrganisation(_ input: Operations.UpdateOrganisation.Input) async throws -> Operations.UpdateOrganisation.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let actor = try principal()
        let organisation = try await services.organisations.update(input.path.organisationId, form(body), by: actor.learnerID)
        return .ok(.init(body: .json(.init(organisation, language: scope.language))))
    }

    func deleteOrganisation(_ input: Operations.DeleteOrganisation.Input) async throws -> Operations.DeleteOrganisation.Output {
        let actor = try principal()
        try await services.organisations.delete(input.path.organisationId, by: actor.learnerID)
        return .noContent(.init())
    }

    func assignManager(_ input: Operations.AssignManager.Input) async throws -> Operations.AssignManager.Output {
        let actor = try principal()
        try await services.organisations.assignManager(organisationID: input.path.organisationId, userID: input.path.userId, by: actor.learnerID)
        return .noContent(.init())
    }

    func removeManager(_ input: Operations.RemoveManager.Input) async throws -> Operations.RemoveManager.Output {
        let actor = try principal()
        try await services.organisations.removeManager(organisationID: input.path.organisationId, userID: input.path.userId, by: actor.learnerID)
        return .noContent(.init())
    }

    func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws -> Operations.ListOrganisations.Output {
        let organisations = try await services.organisations.organisations(for: try principal())
        let language = scope.language
        return .ok(.init(body: .json(.init(items: organisations.map { .init($0, language: language) }))))
    }

    func getOrganisation(_ input: Operations.GetOrganisation.Input) async throws -> Operations.GetOrganisation.Output {
        let organisation = try await services.organisations.organisation(input.path.organisationId, for: try principal())
        return .ok(.init(body: .json(.init(organisation, language: scope.language))))
    }
}

extension Components.Schemas.Organisation {
    init(_ organisation: Organisation, language: Language) {
        self.init(
            id: organisation.id,
            parentId: organisation.parentID,
            kind: Components.Schemas.OrganisationKind(rawValue: organisation.kind.rawValue)!,
            name: organisation.name.text(in: language),
            nameVi: organisation.name.vi,
            nameEn: organisation.name.en,
            province: organisation.province,
            path: organisation.path
        )
    }
}
