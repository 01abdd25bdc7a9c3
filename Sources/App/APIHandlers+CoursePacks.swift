import APIContract
import CoursePacks
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    func importCoursePack(_ input: Operations.ImportCoursePack.Input) async throws -> Operations.ImportCoursePack.Output {
        let admin = try principal()
        guard case .applicationZip(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let dryRun = input.query.dryRun ?? false
        let report = try await UploadFile.withContents(of: body, upTo: PackLimits.default.maxArchiveBytes) { file in
            try await services.coursePacks.importArchive(contentsOf: file, dryRun: dryRun, actor: admin.learnerID)
        }
        if report.outcome == .invalid {
            let id = report.importId.uuidString.lowercased()
            throw Problem(
                .validation,
                detail: LocalizedText(
                    vi: "Gói khóa học có lỗi; không có gì được nhập. Xem danh sách lỗi (tệp và dòng) bên dưới. Mã lần nhập: \(id).",
                    en: "The course pack has problems; nothing was imported. See the list of problems (file and line) below. Import id: \(id)."
                ),
                errors: report.issues.map { issue in
                    let place = issue.file + (issue.line.map { ":\($0)" } ?? "")
                    return FieldError(pointer: place, message: LocalizedText(vi: issue.message, en: issue.message))
                }
            )
        }
        if !dryRun, report.outcome != .unchanged { await catalog.refresh() }
        logger.notice(
            "course pack upload",
            metadata: ["actor": "\(admin.learnerID)", "import": "\(report.importId)", "outcome": "\(report.outcome.rawValue)"]
        )
        let schema = try Components.Schemas.ImportReport(report)
        if report.outcome == .unchanged || dryRun {
            return .ok(.init(body: .json(schema)))
        }
        return .created(.init(body: .json(schema)))
    }

    func getImportReport(_ input: Operations.GetImportReport.Input) async throws -> Operations.GetImportReport.Output {
        _ = try principal()
        guard let id = UUID(uuidString: input.path.importId) else { throw Problem(.notFound) }
        return .ok(.init(body: .json(try .init(try await services.coursePacks.report(id)))))
    }
}

extension Components.Schemas.ImportReport {
    /// Through JSON, since the stored report and the contract's schema have the same shape.
    init(_ report: ImportReport) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self = try decoder.decode(Self.self, from: encoder.encode(report))
    }
}
