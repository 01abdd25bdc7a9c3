import Domain
import HTTPTypes
import OpenAPIRuntime
import Persistence
import Services

/// Whether an operation has an access rule; tests check that every operation in the contract does.
public enum AccessRules {
    public static func known(_ operationID: String) -> Bool { AccessPolicy.rules[operationID] != nil }
}

/// Who may call each operation, decided before any handler runs.
///
/// Deny by default: an operation missing from `rules` is refused to everyone, so a new route is
/// closed until someone decides who may use it. The caller's token is checked here, against the
/// database, only for operations that need a caller; the request scope carries the result to
/// the handler.
struct AccessPolicy: ServerMiddleware {
    enum Access: Sendable {
        case everyone
        case signedIn
        case role(Role)
        case anyRole(Set<Role>)
        /// Signed in, with the token checked by the operation in its own first statement: the
        /// policy only requires that one was presented. For the busiest writes alone: answer save
        /// and submit, where the check saves a statement on every request, and exam start, where
        /// it saves a second connection lease in the start burst of a national exam.
        case tokenCheckedByOperation
    }

    let accounts: AccountService

    static let rules: [String: Access] = [
        "getHealthLive": .everyone,
        "getHealthReady": .everyone,
        "getMetrics": .everyone,
        "getOpenAPIDocument": .everyone,
        "listProvinces": .everyone,
        "register": .everyone,
        "login": .everyone,
        "firstSignIn": .everyone,
        "refresh": .everyone,
        "requestPasswordReset": .everyone,
        "confirmPasswordReset": .everyone,
        // The catalog is served by plain routes (CatalogRoutes), public by design; listed here so
        // this table names every operation in the contract.
        "listCourses": .everyone,
        "getCourse": .everyone,
        "getLesson": .everyone,
        "getCourseAsset": .everyone,
        "logout": .signedIn,
        "getMe": .signedIn,
        "updateMe": .signedIn,
        "eraseMe": .signedIn,
        "changePassword": .signedIn,
        "addContact": .signedIn,
        "sendContactCode": .signedIn,
        "verifyContact": .signedIn,
        "exportMe": .signedIn,
        "enroll": .signedIn,
        "listEnrollments": .signedIn,
        "setLessonProgress": .signedIn,
        "getCourseProgress": .signedIn,
        "startAttempt": .signedIn,
        "getAttempt": .signedIn,
        "saveAnswer": .tokenCheckedByOperation,
        "submitAttempt": .tokenCheckedByOperation,
        "getAttemptReview": .signedIn,
        "listCertifications": .signedIn,
        "startExam": .tokenCheckedByOperation,
        "listMyCertificates": .signedIn,
        "getCertificate": .everyone,
        "getCredential": .everyone,
        "getJWKS": .everyone,
        "getIssuer": .everyone,
        "getAchievement": .everyone,
        "getStatusList": .everyone,
        // The verification page is a plain route (VerifyPage), public like the catalog.
        "verifyPage": .everyone,
        "revokeCertificate": .role(.admin),
        "getReach": .anyRole(Role.readsStatistics),
        "getReachTimeseries": .anyRole(Role.readsStatistics),
        "getFunnel": .anyRole(Role.readsStatistics),
        "getItemStatistics": .anyRole(Role.readsStatistics),
        // The dashboard is plain routes (Dashboard/DashboardRoutes) that check the role themselves:
        // its page answers anyone with the sign-in form.
        "dashboardPage": .everyone,
        "dashboardSignIn": .everyone,
        "dashboardSignOut": .everyone,
        "getReferenceTable": .role(.admin),
        "replaceReferenceTable": .role(.admin),
        "recordReachEvent": .everyone,
        "recordOutsideReport": .role(.admin),
        "findUsers": .role(.admin),
        "setUserRoles": .role(.admin),
        "grantAccommodation": .role(.admin),
        "withdrawAccommodation": .role(.admin),
        "importCoursePack": .role(.admin),
        "getImportReport": .role(.admin),
        "createOrganisation": .role(.admin),
        "updateOrganisation": .role(.admin),
        "deleteOrganisation": .role(.admin),
        "assignManager": .role(.admin),
        "removeManager": .role(.admin),
        // Organisation managers are scoped to a part of the tree, which only the service can
        // tell: it refuses someone who manages nothing (403) and another branch's data (404).
        "listOrganisations": .signedIn,
        "getOrganisation": .signedIn,
        "listClasses": .signedIn,
        "createClass": .signedIn,
        "getClass": .signedIn,
        "getJoinCodeImage": .signedIn,
        "replaceJoinCode": .signedIn,
        "createManagedAccounts": .signedIn,
        "createManagedAccountsFromCSV": .signedIn,
        "reissueSignInCard": .signedIn,
        "revokeJoinCode": .signedIn,
        "getClassProgress": .signedIn,
        "joinClass": .signedIn,
        "listMyClasses": .signedIn,
        "leaveClass": .signedIn,
        // Reports: administrators and statisticians read any, managers their part of the tree
        // (or their province); only the service can tell which (ReportService).
        "getOrganisationReport": .signedIn,
        "getProvinceReport": .signedIn,
        "getIssuedReport": .signedIn,
        "issueOrganisationReport": .signedIn,
        "issueProvinceReport": .signedIn,
    ]

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        /// Checks the token, refuses a caller `allowed` rejects, and runs the operation with
        /// the checked caller in the request scope.
        func asCaller(_ allowed: (Principal) -> Bool) async throws -> (HTTPResponse, HTTPBody?) {
            let scope = try await RequestScope.current.verified(by: accounts)
            guard let principal = scope.principal else { throw Problem(.unauthorized) }
            guard allowed(principal) else { throw Problem(.forbidden) }
            return try await RequestScope.$current.withValue(scope) {
                try await next(request, body, metadata)
            }
        }
        switch Self.rules[operationID] {
        case nil:
            throw Problem(.forbidden)
        case .everyone:
            return try await next(request, body, metadata)
        case .tokenCheckedByOperation:
            guard case .presented = RequestScope.current.authentication else { throw Problem(.unauthorized) }
            return try await next(request, body, metadata)
        case .signedIn:
            return try await asCaller { _ in true }
        case .role(let role):
            return try await asCaller { $0.has(role) }
        case .anyRole(let roles):
            return try await asCaller { $0.hasAny(roles) }
        }
    }

    static func signedIn() throws -> Principal {
        guard let principal = RequestScope.current.principal else { throw Problem(.unauthorized) }
        return principal
    }
}
