import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

extension APIHandlers {
    func createManagedAccounts(_ input: Operations.CreateManagedAccounts.Input) async throws -> Operations.CreateManagedAccounts.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let sheet = try await accounts.createManagedAccounts(in: input.path.classId, .fields(form(body)), by: try principal())
        let html = input.headers.accept.sortedByQuality().first?.contentType == .html
        return .created(
            .init(
                headers: .init(cacheControl: "no-store", contentSecurityPolicy: SignInCardSheet.contentSecurityPolicy),
                body: html ? .html(HTTPBody(SignInCardSheet.html(sheet))) : .json(.init(sheet))
            )
        )
    }

    func createManagedAccountsFromCSV(
        _ input: Operations.CreateManagedAccountsFromCSV.Input
    ) async throws
        -> Operations.CreateManagedAccountsFromCSV.Output
    {
        // BodyLimitMiddleware has already refused a body over the limit.
        guard case .csv(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let people = AccountService.ManagedPeople.csv(try await String(collecting: body, upTo: .max))
        let sheet = try await accounts.createManagedAccounts(in: input.path.classId, people, by: try principal())
        let html = input.headers.accept.sortedByQuality().first?.contentType == .html
        return .created(
            .init(
                headers: .init(cacheControl: "no-store", contentSecurityPolicy: SignInCardSheet.contentSecurityPolicy),
                body: html ? .html(HTTPBody(SignInCardSheet.html(sheet))) : .json(.init(sheet))
            )
        )
    }

    func reissueSignInCard(_ input: Operations.ReissueSignInCard.Input) async throws -> Operations.ReissueSignInCard.Output {
        let sheet = try await accounts.reissueCard(in: input.path.classId, learnerID: input.path.learnerId, by: try principal())
        let html = input.headers.accept.sortedByQuality().first?.contentType == .html
        return .ok(
            .init(
                headers: .init(cacheControl: "no-store", contentSecurityPolicy: SignInCardSheet.contentSecurityPolicy),
                body: html ? .html(HTTPBody(SignInCardSheet.html(sheet))) : .json(.init(sheet))
            )
        )
    }

    func firstSignIn(_ input: Operations.FirstSignIn.Input) async throws -> Operations.FirstSignIn.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let issued = try await accounts.firstSignIn(form(body), clientAddress: scope.clientAddress)
        return .ok(.init(body: .json(.init(issued))))
    }
}

extension Components.Schemas.ManagedCardSheet {
    init(_ sheet: ManagedCardSheet) {
        self.init(
            classId: sheet.classID.uuidString.lowercased(),
            className: sheet.className,
            cards: sheet.cards.map { card in
                .init(
                    learnerId: card.learnerID.uuidString.lowercased(),
                    displayName: card.displayName,
                    signInName: card.signInName,
                    code: FirstSignInCode.display(card.code),
                    expiresAt: card.expiresAt
                )
            }
        )
    }
}
