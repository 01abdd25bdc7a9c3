import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Services

extension APIHandlers {
    func getOrganisationReport(_ input: Operations.GetOrganisationReport.Input) async throws -> Operations.GetOrganisationReport.Output {
        let accept = input.headers.accept.sortedByQuality().first?.contentType.rawValue
        let (headers, body): (Operations.GetOrganisationReport.Output.Ok.Headers, Operations.GetOrganisationReport.Output.Ok.Body) =
            try await liveReport(.organisation(input.path.organisationId), from: input.query.from, to: input.query.to, accepting: accept)
        return .ok(.init(headers: headers, body: body))
    }

    func getProvinceReport(_ input: Operations.GetProvinceReport.Input) async throws -> Operations.GetProvinceReport.Output {
        let accept = input.headers.accept.sortedByQuality().first?.contentType.rawValue
        let (headers, body): (Operations.GetProvinceReport.Output.Ok.Headers, Operations.GetProvinceReport.Output.Ok.Body) =
            try await liveReport(.province(input.path.provinceCode), from: input.query.from, to: input.query.to, accepting: accept)
        return .ok(.init(headers: headers, body: body))
    }

    /// A report computed now where statistics are read, in the format the caller accepts, with
    /// headers saying where it was read and up to when it is exact.
    private func liveReport<Headers: LiveReportHeaders, Body: ReportBody>(
        _ scope: ReportService.Scope,
        from: String?,
        to: String?,
        accepting mediaType: String?
    ) async throws -> (Headers, Body) {
        let report = try await services.reports.report(scope, from: from, to: to, for: try principal())
        let format = ReportFormat(accepting: mediaType)
        let headers = Headers(
            contentSecurityPolicy: format.contentSecurityPolicy,
            statisticsSource: report.source.schema,
            statisticsExactAsOf: report.source.exactAsOf
        )
        return (headers, body(report.value, format))
    }

    func getIssuedReport(_ input: Operations.GetIssuedReport.Input) async throws -> Operations.GetIssuedReport.Output {
        let report = try await services.reports.issued(input.path.reportId, for: try principal())
        let format = ReportFormat(accepting: input.headers.accept.sortedByQuality().first?.contentType.rawValue)
        return .ok(.init(headers: .init(contentSecurityPolicy: format.contentSecurityPolicy), body: body(report, format)))
    }

    func issueOrganisationReport(_ input: Operations.IssueOrganisationReport.Input) async throws -> Operations.IssueOrganisationReport.Output {
        guard case .json(let fields) = input.body else { throw Problem(.unsupportedMediaType) }
        let (location, report) = try await issue(.organisation(input.path.organisationId), form(fields), key: input.headers.idempotencyKey)
        return .created(.init(headers: .init(location: location), body: .json(report)))
    }

    func issueProvinceReport(_ input: Operations.IssueProvinceReport.Input) async throws -> Operations.IssueProvinceReport.Output {
        guard case .json(let fields) = input.body else { throw Problem(.unsupportedMediaType) }
        let (location, report) = try await issue(.province(input.path.provinceCode), form(fields), key: input.headers.idempotencyKey)
        return .created(.init(headers: .init(location: location), body: .json(report)))
    }

    /// Issues the report of `reportScope` over the body's period, at most once per `key`.
    private func issue(
        _ reportScope: ReportService.Scope,
        _ form: [String: FormValue],
        key: String?
    ) async throws -> (location: String, report: Components.Schemas.YearlyReport) {
        let (from, to) = try period(form)
        let report = try await services.reports.issue(reportScope, from: from, to: to, by: try principal(), idempotencyKey: key)
        return ("/v1/reports/\(report.reportID?.uuidString.lowercased() ?? "")", .init(report, language: scope.language))
    }

    /// `from` and `to` of a request body; a field of the wrong type is refused with the period's
    /// other errors, in one 422.
    private func period(_ form: [String: FormValue]) throws -> (from: String?, to: String?) {
        var reader = FormReader(form)
        let from = reader.string("from")
        let to = reader.string("to")
        guard reader.errors.isEmpty else {
            var errors = reader.errors
            if case .failure(let failure) = ReportPeriod.validate(from: from, to: to, today: services.reports.today, pointers: ("/from", "/to")) {
                errors += failure.errors.filter { error in !errors.contains { $0.pointer == error.pointer } }
            }
            throw Problem(.validation, errors: errors)
        }
        return (from, to)
    }

    /// The report as JSON (the default), CSV or the printable page, as the caller accepts.
    private func body<Body: ReportBody>(_ report: YearlyReport, _ format: ReportFormat) -> Body {
        switch format {
        case .json: .json(.init(report, language: scope.language))
        case .csv: .csv(HTTPBody(YearlyReportCSV.table(report).text))
        case .html: .html(HTTPBody(YearlyReportPage.html(report)))
        }
    }
}

enum ReportFormat {
    case json, csv, html

    /// The format of the caller's most preferred media type; JSON when it names none of them.
    init(accepting mediaType: String?) {
        self =
            switch mediaType {
            case "text/csv": .csv
            case "text/html": .html
            default: .json
            }
    }

    var contentSecurityPolicy: String? {
        self == .html ? YearlyReportPage.contentSecurityPolicy : nil
    }
}

/// The three bodies every report operation answers with.
protocol ReportBody {
    static func json(_ body: Components.Schemas.YearlyReport) -> Self
    static func csv(_ body: HTTPBody) -> Self
    static func html(_ body: HTTPBody) -> Self
}

/// The headers of a live report's answer (an issued one has no statistics source).
protocol LiveReportHeaders {
    init(
        contentSecurityPolicy: String?,
        statisticsSource: Components.Headers.StatisticsSource,
        statisticsExactAsOf: Components.Headers.StatisticsExactAsOf
    )
}

extension Operations.GetOrganisationReport.Output.Ok.Headers: LiveReportHeaders {}
extension Operations.GetProvinceReport.Output.Ok.Headers: LiveReportHeaders {}
extension Operations.GetOrganisationReport.Output.Ok.Body: ReportBody {}
extension Operations.GetProvinceReport.Output.Ok.Body: ReportBody {}
extension Operations.GetIssuedReport.Output.Ok.Body: ReportBody {}
