import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    func getFunnel(_ input: Operations.GetFunnel.Input) async throws -> Operations.GetFunnel.Output {
        let today = services.reach.today
        var errors: [FieldError] = []
        let day = input.query.asOf.map { StatisticsQuery.day($0, pointer: "/query/asOf", today: today, errors: &errors) } ?? today
        guard errors.isEmpty, let day else { throw Problem(.validation, errors: errors) }
        let asOf = day.text
        let read = try await services.reach.funnel(on: day)
        let source = read.source
        let funnel = Components.Schemas.Funnel(source: source.schema, exactAsOf: source.exactAsOf, asOf: asOf, items: read.value.map(Self.funnelRow))
        let headers = Operations.GetFunnel.Output.Ok.Headers(statisticsSource: source.schema, statisticsExactAsOf: source.exactAsOf)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            let table = CSVTable(
                header: ["courseId", "enrolled", "learned", "completed", "certified", "asOf"],
                rows: funnel.items.map { row in
                    [
                        row.courseId, Self.withheld(row.enrolled), Self.withheld(row.learned), Self.withheld(row.completed),
                        Self.withheld(row.certified), asOf,
                    ]
                }
            )
            return .ok(.init(headers: headers, body: .csv(HTTPBody(table.text))))
        }
        return .ok(.init(headers: headers, body: .json(funnel)))
    }

    static func funnelRow(_ counts: FunnelCounts) -> Components.Schemas.FunnelRow {
        let shown = counts.shown
        return .init(
            courseId: counts.courseID,
            enrolled: shown.enrolled,
            learned: shown.learned,
            completed: shown.completed,
            certified: shown.certified,
            suppressed: shown.suppressed
        )
    }

    func getItemStatistics(_ input: Operations.GetItemStatistics.Input) async throws -> Operations.GetItemStatistics.Output {
        var errors: [FieldError] = []
        for (name, value) in [("courseId", input.query.courseId), ("quizId", input.query.quizId)] {
            // Control characters (NUL above all, which PostgreSQL text cannot hold) name no course.
            if let value, value.isEmpty || value.count > 64 || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.append(
                    FieldError(
                        pointer: "/query/\(name)",
                        message: LocalizedText(
                            vi: "\(name) dài từ 1 đến 64 ký tự, không có ký tự điều khiển.",
                            en: "\(name) is 1 to 64 characters, none of them control characters."
                        )
                    )
                )
            }
        }
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }
        let read = try await services.reach.items(courseID: input.query.courseId, quizID: input.query.quizId)
        let source = read.source
        let rows = read.value.map(Self.itemRow)
        let headers = Operations.GetItemStatistics.Output.Ok.Headers(statisticsSource: source.schema, statisticsExactAsOf: source.exactAsOf)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            let table = CSVTable(
                header: ["courseId", "quizId", "questionId", "questionVersion", "presented", "answers", "facility", "discrimination", "flags"],
                rows: rows.map { row in
                    [
                        row.courseId, row.quizId, row.questionId, String(row.questionVersion), Self.withheld(row.presented),
                        row.answers.map(String.init), row.facility.map { "\($0)" }, row.discrimination.map { "\($0)" },
                        row.flags.map(\.rawValue).joined(separator: " "),
                    ]
                }
            )
            return .ok(.init(headers: headers, body: .csv(HTTPBody(table.text))))
        }
        return .ok(.init(headers: headers, body: .json(.init(source: source.schema, exactAsOf: source.exactAsOf, items: rows))))
    }

    static func itemRow(_ item: ItemSums) -> Components.Schemas.ItemStatisticsRow {
        let withheld = item.withheld
        let statistics = ItemStatistics(item.sums)
        return .init(
            courseId: item.courseID,
            quizId: item.quizID,
            questionId: item.questionID,
            questionVersion: item.questionVersion,
            presented: withheld ? nil : item.sums.count,
            answers: withheld ? nil : item.answers,
            facility: withheld ? nil : statistics.facility,
            discrimination: withheld ? nil : statistics.discrimination,
            flags: withheld ? [] : statistics.flags.compactMap { .init(rawValue: $0.rawValue) },
            suppressed: withheld
        )
    }
}
