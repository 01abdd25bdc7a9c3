import APIContract
import Domain
import Foundation

extension Components.Schemas.YearlyReport {
    init(_ report: YearlyReport, language: Language) {
        self.init(
            scope: report.scope == .province ? .province : .organisation,
            scopeId: report.scopeID,
            name: report.name.text(in: language),
            nameVi: report.name.vi,
            nameEn: report.name.en,
            from: report.period.from.text,
            to: report.period.to.text,
            deadline: report.deadline.text,
            due: ReportLabels.due(report.deadline).text(in: language),
            generatedAt: report.generatedAt,
            methodologyVersion: report.methodologyVersion,
            reportId: report.reportID?.uuidString.lowercased(),
            issuedAt: report.issuedAt,
            members: report.members,
            levels: report.levels.map(Components.Schemas.ReportLevelFigures.init),
            classesHeld: report.classesHeld,
            byClass: report.byClass.map { row in
                .init(
                    classId: row.classID,
                    name: row.name,
                    organisationId: row.organisationID,
                    startsOn: row.startsOn,
                    endsOn: row.endsOn,
                    members: row.members,
                    levels: row.levels.map(Components.Schemas.ReportLevelFigures.init),
                    suppressed: row.suppressed
                )
            },
            byGroup: report.byGroup.map { row in
                .init(
                    group: .init(rawValue: row.group.rawValue)!,
                    levels: row.levels.map(Components.Schemas.ReportLevelFigures.init),
                    suppressed: row.suppressed
                )
            },
            outsideReports: .init(
                reports: report.outsideReports.reports,
                people: report.outsideReports.people,
                items: report.outsideReports.items.map { item in
                    .init(
                        organisation: item.organisation,
                        organisationId: item.organisationID,
                        province: item.provinceCode,
                        periodStart: item.periodStart,
                        periodEnd: item.periodEnd,
                        activity: item.activity,
                        people: item.people
                    )
                }
            ),
            internetUsers: report.internetUsers,
            internetUsersYear: report.internetUsersYear,
            target: report.target,
            targetYear: report.targetYear,
            rate: report.rate,
            gap: report.gap
        )
    }
}

extension Components.Schemas.ReportLevelFigures {
    init(_ figures: YearlyReport.LevelFigures) {
        self.init(level: .init(rawValue: figures.level.rawValue)!, active: figures.active, total: figures.total, firstTime: figures.firstTime)
    }
}

/// A yearly report as one CSV table, one line per figure's row and level: `section` says which
/// part of the report a line belongs to (`report` for the scope, period, deadline and reference
/// figures, then `level`, `class`, `group`, `outside`). A withheld count is `<10`; a count that
/// does not apply is empty; a reference figure not loaded is `not known`.
enum YearlyReportCSV {
    static let header = [
        "section", "key", "name", "level", "members", "active", "total", "firstTime", "value", "activity", "periodStart", "periodEnd",
    ]

    static func table(_ report: YearlyReport) -> CSVTable {
        let isProvince = report.scope == .province
        let notKnown = ReportLabels.notKnown.en
        func info(_ key: String, _ value: String?) -> [String?] {
            ["report", key, nil, nil, nil, nil, nil, nil, value, nil, nil, nil]
        }
        let count = { (value: Int?, applies: Bool) -> String? in applies ? value.map(String.init) ?? "<10" : nil }
        var rows: [[String?]] = [
            info("scope", report.scope.rawValue), info("scopeId", report.scopeID), info("nameVi", report.name.vi),
            info("nameEn", report.name.en), info("from", report.period.from.text), info("to", report.period.to.text),
            info("deadline", report.deadline.text), info("due", ReportLabels.due(report.deadline).en),
            info("dueVi", ReportLabels.due(report.deadline).vi),
            info("generatedAt", ISO8601DateFormatter().string(from: report.generatedAt)), info("methodologyVersion", report.methodologyVersion),
            info("reportId", report.reportID?.uuidString.lowercased()),
            info("issuedAt", report.issuedAt.map { ISO8601DateFormatter().string(from: $0) }),
            info("members", String(report.members)), info("classesHeld", String(report.classesHeld)),
            info("outsideReports", String(report.outsideReports.reports)), info("outsideReportsPeople", String(report.outsideReports.people)),
        ]
        if isProvince {
            rows += [
                info("internetUsers", report.internetUsers.map(String.init) ?? notKnown),
                info("internetUsersYear", report.internetUsersYear.map(String.init) ?? notKnown),
                info("target", report.target.map { "\($0)" } ?? notKnown), info("targetYear", report.targetYear.map(String.init) ?? notKnown),
                info("rate", report.rate.map { "\($0)" } ?? notKnown), info("gap", report.gap.map(String.init) ?? notKnown),
            ]
        }
        for figures in report.levels {
            rows.append([
                "level", nil, nil, figures.level.rawValue, nil, count(figures.active, !isProvince), count(figures.total, isProvince),
                count(figures.firstTime, true), nil, nil, nil, nil,
            ])
        }
        for row in report.byClass {
            for figures in row.levels {
                rows.append([
                    "class", row.classID, row.name, figures.level.rawValue, count(row.members, true), count(figures.active, true), nil,
                    count(figures.firstTime, true), nil, nil, row.startsOn, row.endsOn,
                ])
            }
        }
        for row in report.byGroup {
            for figures in row.levels {
                rows.append([
                    "group", row.group.rawValue, ReportLabels.group(row.group).en, figures.level.rawValue, nil,
                    count(figures.active, !isProvince), count(figures.total, isProvince), count(figures.firstTime, true), nil, nil, nil, nil,
                ])
            }
        }
        for item in report.outsideReports.items {
            rows.append([
                "outside", item.organisationID ?? item.provinceCode, item.organisation, nil, nil, nil, nil, nil, String(item.people),
                item.activity, item.periodStart, item.periodEnd,
            ])
        }
        return CSVTable(header: header, rows: rows)
    }
}
