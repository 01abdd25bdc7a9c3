import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import QRCode
import Services

extension APIHandlers {
    func createClass(_ input: Operations.CreateClass.Input) async throws -> Operations.CreateClass.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let cohort = try await services.classes.create(
            in: input.path.organisationId,
            form(body),
            by: try principal(),
            idempotencyKey: input.headers.idempotencyKey
        )
        return .created(.init(body: .json(.init(cohort))))
    }

    func listClasses(_ input: Operations.ListClasses.Input) async throws -> Operations.ListClasses.Output {
        let cohorts = try await services.classes.classes(of: input.path.organisationId, for: try principal())
        return .ok(.init(body: .json(.init(items: cohorts.map { .init($0) }))))
    }

    func getClass(_ input: Operations.GetClass.Input) async throws -> Operations.GetClass.Output {
        .ok(.init(body: .json(.init(try await services.classes.cohort(input.path.classId, for: try principal())))))
    }

    func getJoinCodeImage(_ input: Operations.GetJoinCodeImage.Input) async throws -> Operations.GetJoinCodeImage.Output {
        let cohort = try await services.classes.cohort(input.path.classId, for: try principal())
        guard let code = cohort.joinCode else {
            throw Problem(.notFound, detail: LocalizedText(vi: "Lớp này hiện không có mã tham gia.", en: "This class has no join code now."))
        }
        let shown = JoinCode.display(code)
        let label = LocalizedText(
            vi: "Mã tham gia lớp \(cohort.details.name): \(shown)",
            en: "Join code of the class \(cohort.details.name): \(shown)"
        )
        // Nine characters fit the smallest QR code, so drawing it cannot fail.
        let svg = try QRCode(shown).svg(label: label.text(in: scope.language), pixelSize: 512)
        return .ok(.init(body: .imageSvgXml(HTTPBody(svg))))
    }

    func replaceJoinCode(_ input: Operations.ReplaceJoinCode.Input) async throws -> Operations.ReplaceJoinCode.Output {
        .ok(.init(body: .json(.init(try await services.classes.replaceJoinCode(of: input.path.classId, by: try principal())))))
    }

    func revokeJoinCode(_ input: Operations.RevokeJoinCode.Input) async throws -> Operations.RevokeJoinCode.Output {
        try await services.classes.revokeJoinCode(of: input.path.classId, by: try principal())
        return .noContent(.init())
    }

    func joinClass(_ input: Operations.JoinClass.Input) async throws -> Operations.JoinClass.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        let code = reader.string("classCode")
        guard reader.errors.isEmpty else { throw Problem(.validation, errors: reader.errors) }
        let membership = try await services.classes.join(code: code, principal: try principal())
        return .created(.init(body: .json(.init(classId: membership.classID.uuidString.lowercased(), joinedAt: membership.joinedAt))))
    }

    func listMyClasses(_ input: Operations.ListMyClasses.Input) async throws -> Operations.ListMyClasses.Output {
        let classes = try await services.classes.myClasses(try principal())
        let language = scope.language
        return .ok(.init(body: .json(.init(items: classes.map { .init($0, language: language) }))))
    }

    func leaveClass(_ input: Operations.LeaveClass.Input) async throws -> Operations.LeaveClass.Output {
        try await services.classes.leave(input.path.classId, principal: try principal())
        return .noContent(.init())
    }

    func getClassProgress(_ input: Operations.GetClassProgress.Input) async throws -> Operations.GetClassProgress.Output {
        let progress = try await services.classes.progress(of: input.path.classId, for: try principal())
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(Self.progressTable(progress).text))))
        }
        return .ok(.init(body: .json(.init(progress))))
    }

    /// The class totals as the first row (no learner), then one row per consenting member.
    static func progressTable(_ progress: ClassProgress) -> CSVTable {
        let formatter = ISO8601DateFormatter()
        let totals: [String?] = [
            nil, nil, nil, String(progress.joined), String(progress.started),
            progress.courses.map { "\($0.courseID):\($0.completed)/\($0.enrolled)" }.joined(separator: " "),
            String(progress.passedPracticeQuiz), String(progress.certified),
        ]
        return CSVTable(
            header: ["learnerId", "displayName", "joinedAt", "joined", "started", "courses", "passedPracticeQuizzes", "certified"],
            rows: [totals]
                + progress.members.map { member -> [String?] in
                    [
                        member.learnerID.uuidString.lowercased(), member.displayName, formatter.string(from: member.joinedAt), nil, nil,
                        member.coursesEnrolled.map { course in
                            member.coursesCompleted.contains(course) ? "\(course):completed" : "\(course):enrolled"
                        }.joined(separator: " "),
                        String(member.practiceQuizzesPassed), member.certified ? "true" : "false",
                    ]
                }
        )
    }
}

extension Components.Schemas.Class {
    init(_ cohort: Cohort) {
        let details = cohort.details
        self.init(
            id: cohort.id.uuidString.lowercased(),
            organisationId: cohort.organisationID,
            name: details.name,
            courseIds: details.courseIDs,
            programId: details.programID,
            startsOn: details.startsOn.text,
            endsOn: details.endsOn.text,
            facilitator: details.facilitator,
            capacity: details.capacity,
            seatsTaken: cohort.seatsTaken,
            joinCode: cohort.joinCode
        )
    }
}

extension Components.Schemas.MyClass {
    init(_ membership: Domain.MyClass, language: Language) {
        self.init(
            classId: membership.classID.uuidString.lowercased(),
            name: membership.name,
            organisationId: membership.organisationID,
            organisationName: membership.organisationName.text(in: language),
            courseIds: membership.courseIDs,
            programId: membership.programID,
            startsOn: membership.startsOn.text,
            endsOn: membership.endsOn.text,
            joinedAt: membership.joinedAt,
            leftAt: membership.leftAt
        )
    }
}

extension Components.Schemas.ClassProgress {
    init(_ progress: ClassProgress) {
        self.init(
            classId: progress.classID.uuidString.lowercased(),
            joined: progress.joined,
            started: progress.started,
            courses: progress.courses.map { .init(courseId: $0.courseID, enrolled: $0.enrolled, completed: $0.completed) },
            passedPracticeQuiz: progress.passedPracticeQuiz,
            certified: progress.certified,
            members: progress.members.map { member in
                .init(
                    learnerId: member.learnerID.uuidString.lowercased(),
                    displayName: member.displayName,
                    joinedAt: member.joinedAt,
                    coursesEnrolled: member.coursesEnrolled,
                    coursesCompleted: member.coursesCompleted,
                    practiceQuizzesPassed: member.practiceQuizzesPassed,
                    certified: member.certified
                )
            }
        )
    }
}
