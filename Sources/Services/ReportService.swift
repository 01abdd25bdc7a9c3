import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Yearly reports of an organisation (with everything below it) and of a province, live or
/// issued (issue 19, item 7). Who may read one: administrators, statisticians, and the managers
/// of the organisation or one above it; for a province, the managers of one of its province
/// departments or of an organisation above one. Another branch's report is not found, as
/// another branch's classes are. Issuing is for administrators and those managers only.
public struct ReportService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    public enum Scope: Sendable, Equatable {
        case organisation(String)
        case province(String)
    }

    /// Today in Vietnam, by the service's clock.
    public var today: VietnamDay { VietnamDay(of: context.clock.now()) }

    /// The report of `scope` over the period named by `from` and `to` (`ReportPeriod.validate`;
    /// `pointers` name the fields in a refusal), computed now where statistics are read (the
    /// replica when there is one), with where it was read and up to when it is exact.
    public func report(
        _ scope: Scope,
        from: String?,
        to: String?,
        pointers: (from: String, to: String) = ("/query/from", "/query/to"),
        for principal: Principal
    ) async throws -> Sourced<YearlyReport> {
        let now = context.clock.now()
        return try await context.statistics.withConnection { connection in
            try await connection.transaction(logger: logger) { connection in
                try await ReportStore.snapshot(on: connection, logger: logger)
                let name = try await checkAccess(to: scope, for: principal, issuing: false, on: connection)
                let period = try validPeriod(from: from, to: to, pointers: pointers, now: now)
                return try await make(scope, name: name, period: period, now: now, on: connection)
            }
        }
    }

    /// Computes the report and stores it as issued, audited: from then on it is read as stored.
    /// At most once per `idempotencyKey`: a retry gets the report the first request issued.
    public func issue(
        _ scope: Scope,
        from: String?,
        to: String?,
        by principal: Principal,
        idempotencyKey: String? = nil
    ) async throws -> YearlyReport {
        let now = context.clock.now()
        let reportID = context.random.uuid()
        // Computed in its own consistent snapshot, then stored in a second, short transaction.
        var report = try await database.withTransaction { connection in
            try await ReportStore.snapshot(on: connection, logger: logger)
            let name = try await checkAccess(to: scope, for: principal, issuing: true, on: connection)
            let period = try validPeriod(from: from, to: to, pointers: ("/from", "/to"), now: now)
            return try await make(scope, name: name, period: period, now: now, on: connection)
        }
        report.reportID = reportID
        report.issuedAt = report.generatedAt
        let document = try Self.encode(report)
        let issued = report
        let result = try await IdempotentWrite.perform(
            key: idempotencyKey,
            callerID: principal.learnerID.uuidString,
            operation: "issueReport \(report.scope.rawValue) \(report.scopeID)",
            input: [from, to],
            status: 201,
            database: database,
            clock: context.clock
        ) { connection -> YearlyReport in
            try await ReportStore.issue(issued, document: document, by: principal.learnerID, on: connection, logger: logger)
            return issued
        }
        if !result.replayed {
            logger.notice(
                "report issued",
                metadata: [
                    "report": "\(reportID)", "scope": "\(report.scope.rawValue)", "scopeId": "\(report.scopeID)",
                    "actor": "\(principal.learnerID)",
                ]
            )
        }
        return result.output
    }

    /// An issued report exactly as stored, for whoever may read its scope's live report.
    public func issued(_ reportID: String, for principal: Principal) async throws -> YearlyReport {
        guard let id = UUID(uuidString: reportID) else { throw Refusal(.notFound) }
        return try await database.withTransaction { connection in
            guard let stored = try await ReportStore.issued(id, on: connection, logger: logger) else { throw Refusal(.notFound) }
            let scope: Scope = stored.scope == YearlyReport.Scope.province.rawValue ? .province(stored.scopeID) : .organisation(stored.scopeID)
            do {
                _ = try await checkAccess(to: scope, for: principal, issuing: false, on: connection)
            } catch let refusal as Refusal where refusal.kind == .forbidden {
                // Someone who may not read the scope learns nothing about the report.
                throw Refusal(.notFound)
            }
            return try Self.decode(stored.document)
        }
    }

    /// The document as stored: keys sorted, dates in whole seconds.
    static func encode(_ report: YearlyReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func decode(_ document: String) throws -> YearlyReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(YearlyReport.self, from: Data(document.utf8))
    }

    func validPeriod(from: String?, to: String?, pointers: (from: String, to: String), now: Date) throws -> ReportPeriod {
        switch ReportPeriod.validate(from: from, to: to, today: VietnamDay(of: now), pointers: pointers) {
        case .failure(let failure): throw Refusal.validation(failure)
        case .success(let period): return period
        }
    }

    /// The scope's names when the caller may read (or, `issuing`, issue) its report; refused
    /// otherwise: 404 for a scope that does not exist or is another branch's, 403 for someone
    /// who manages nothing.
    func checkAccess(to scope: Scope, for principal: Principal, issuing: Bool, on connection: PostgresConnection) async throws -> LocalizedText {
        let readsAll = issuing ? principal.has(.admin) : principal.hasAny(Role.readsStatistics)
        let managed = readsAll ? [] : try await OrganisationStore.managed(by: principal.learnerID, on: connection, logger: logger)
        if !readsAll && managed.isEmpty {
            throw principal.has(.statistician) && issuing
                ? Refusal(.forbidden, detail: ReportMessages.statisticiansDoNotIssue) : OrganisationService.notAManager
        }
        switch scope {
        case .organisation(let id):
            guard let organisation = try await OrganisationStore.organisation(id, on: connection, logger: logger),
                readsAll || organisation.isWithin(Set(managed))
            else { throw Refusal(.notFound) }
            return organisation.name
        case .province(let code):
            guard let name = try await ReportStore.provinceName(code, on: connection, logger: logger) else { throw Refusal(.notFound) }
            if !readsAll, !(try await ReportStore.managesProvince(code, managed: managed, on: connection, logger: logger)) {
                throw Refusal(.notFound)
            }
            // Provinces have one official name, the same in both languages.
            return LocalizedText(vi: name, en: name)
        }
    }

    func make(
        _ scope: Scope,
        name: LocalizedText,
        period: ReportPeriod,
        now: Date,
        on connection: PostgresConnection
    ) async throws
        -> YearlyReport
    {
        // Whole seconds, so the report reads the same once stored.
        let generatedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        switch scope {
        case .organisation(let id):
            let counts = try await ReportStore.counts(.subtree(id), period: period, on: connection, logger: logger)
            return YearlyReport(scope: .organisation, scopeID: id, name: name, period: period, counts: counts, generatedAt: generatedAt)
        case .province(let code):
            let counts = try await ReportStore.counts(.province(code), period: period, on: connection, logger: logger)
            let year = period.to.year
            let users = try await ReachStore.provinceInternetUsers(year: year, on: connection, logger: logger)[code]
            let target = try await ReachStore.yearFigures(through: year, on: connection, logger: logger).target(for: year)
            return YearlyReport(
                scope: .province,
                scopeID: code,
                name: name,
                period: period,
                counts: counts,
                internetUsers: users,
                target: target,
                generatedAt: generatedAt
            )
        }
    }
}
