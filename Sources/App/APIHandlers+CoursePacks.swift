import APIContract
import CoursePacks
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence

extension APIHandlers {
    func importCoursePack(_ input: Operations.ImportCoursePack.Input) async throws -> Operations.ImportCoursePack.Output {
        let admin = try principal()
        guard case .applicationZip(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let limits = PackLimits.default
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: limits.maxArchiveBytes)
        } catch {
            throw Problem(.payloadTooLarge)
        }
        let dryRun = input.query.dryRun ?? false
        let report: ImportReport
        do {
            let files = try PackArchive.unpack(data, limits: limits)
            report = try await CourseImport.run(files, dryRun: dryRun, actor: admin.learnerID, database: database, clock: clock)
        } catch let issue as PackIssue {
            var refused = ImportReport(importId: UUID(), dryRun: dryRun, outcome: .invalid, importedAt: clock.now())
            refused.issues = [.init(file: issue.file, line: issue.line, message: issue.message)]
            report = try await database.withConnection { connection in
                try await ContentStore.record(refused, actor: admin.learnerID, on: connection, logger: logger)
            }
        }
        if report.outcome == .invalid {
            throw Problem(
                .validation,
                detail: LocalizedText(
                    vi: "Gói khóa học có lỗi; không có gì được nhập. Xem danh sách lỗi (tệp và dòng) bên dưới. Mã lần nhập: \(report.importId.uuidString.lowercased()).",
                    en: "The course pack has problems; nothing was imported. See the list of problems (file and line) below. Import id: \(report.importId.uuidString.lowercased())."
                ),
                errors: report.issues.map { issue in
                    let place = issue.file + (issue.line.map { ":\($0)" } ?? "")
                    return FieldError(pointer: place, message: LocalizedText(vi: issue.message, en: issue.message))
                }
            )
        }
        if !dryRun, report.outcome != .unchanged { await catalog.refresh(database) }
        logger.notice("course pack upload", metadata: ["actor": "\(admin.learnerID)", "import": "\(report.importId)", "outcome": "\(report.outcome.rawValue)"])
        let schema = try Components.Schemas.ImportReport(report)
        if report.outcome == .unchanged || dryRun {
            return .ok(.init(body: .json(schema)))
        }
        return .created(.init(body: .json(schema)))
    }

    func getImportReport(_ input: Operations.GetImportReport.Input) async throws -> Operations.GetImportReport.Output {
        _ = try principal()
        guard let id = UUID(uuidString: input.path.importId) else { throw Problem(.notFound) }
        let report = try await database.withConnection { connection in
            try await ContentStore.report(id, on: connection, logger: logger)
        }
        guard let report else { throw Problem(.notFound) }
        return .ok(.init(body: .json(try .init(report))))
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
