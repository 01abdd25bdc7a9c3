import Credentials
import Domain
import Foundation
import Persistence
import Services

/// Every service of one running server, made once by the composition root and shared by the
/// generated handlers, the plain routes (catalog, verify page, dashboard) and background jobs.
///
/// A class, because the generated server copies its handlers into every request: as a struct of
/// sixteen services, each with its context, that copy took hundreds of reference counts.
public final class ServiceSet: Sendable {
    public let context: ServiceContext
    public let accounts: AccountService
    public let admin: AdminService
    public let learning: LearningService
    public let attempts: AttemptService
    public let certification: CertificationService
    public let catalog: CatalogService
    public let coursePacks: CoursePackService
    public let reach: ReachFigures
    public let reachEvents: ReachEvents
    public let reference: ReferenceData
    public let maintenance: Maintenance
    public let personalData: PersonalData
    public let organisations: OrganisationService
    public let classes: ClassService
    public let reports: ReportService

    public init(context: ServiceContext, accounts: AccountService, issuer: CertificateIssuer, migrations: MigrationRunner) {
        self.context = context
        self.accounts = accounts
        admin = AdminService(context: context)
        learning = LearningService(context: context)
        attempts = AttemptService(context: context, issuer: issuer)
        certification = CertificationService(context: context, attempts: attempts)
        catalog = CatalogService(context: context)
        coursePacks = CoursePackService(context: context)
        reach = ReachFigures(context: context)
        reachEvents = ReachEvents(context: context, accounts: accounts)
        reference = ReferenceData(context: context)
        maintenance = Maintenance(context: context, migrations: migrations)
        personalData = PersonalData(context: context)
        organisations = OrganisationService(context: context)
        classes = ClassService(context: context)
        reports = ReportService(context: context)
    }
}
