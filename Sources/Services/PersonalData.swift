import Domain
import Foundation
import Logging
import Persistence

/// A person's own data, exported on request: account, consents, devices, sessions, progress,
/// attempts with their answers, certificates, classes and managers' reads of their progress. Answer keys, weights and feedback are never
/// in it, and an attempt's score only where its quiz's review policy shows it by now.
public struct PersonalData: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public struct Export: Sendable {
        public var exportedAt: Date
        public var account: Account
        public var extras: AccountStore.ExportExtras
        public var enrollments: [LearningService.CourseProgress]
        public var attempts: [(attempt: Attempt, items: [Attempt.Item], scoreShown: Bool)]
        public var certificates: [CertificationService.Described]
        public var accommodation: Accommodation?
        public var managedAccount: ManagedAccountStore.ExportRecord?
        /// Every class the person is or was in (issue 19).
        public var classes: [MyClass]
        /// When managers read the person's progress, and in which class.
        public var progressReads: [ProgressReadRecord]
    }

    public func export(_ principal: Principal) async throws -> Export {
        let now = context.clock.now()
        let logger = context.logger
        return try await context.database.withConnection { connection in
            guard let account = try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger) else {
                throw Refusal(.unauthorized)
            }
            let extras = try await AccountStore.exportExtras(learnerID: principal.learnerID, on: connection, logger: logger)
            let enrollments = try await LearningService.progressWithLessonCounts(learnerID: principal.learnerID, on: connection, logger: logger)
            var attempts: [(Attempt, [Attempt.Item], Bool)] = []
            for attempt in try await AttemptStore.attempts(learnerID: principal.learnerID, on: connection, logger: logger) {
                let items = try await AttemptStore.items(learnerID: principal.learnerID, attemptID: attempt.id, on: connection, logger: logger)
                let quiz = try await ContentStore.quiz(
                    courseID: attempt.courseID,
                    quizID: attempt.quizID,
                    version: attempt.quizVersion,
                    on: connection,
                    logger: logger
                )
                let scoreShown =
                    !attempt.isOpen
                    && quiz.map {
                        $0.review.show.contains(.score)
                            && AttemptRules.reviewOpen($0.review, passed: attempt.passed ?? false, deadline: attempt.deadline, now: now)
                    } ?? false
                attempts.append((attempt, items, scoreShown))
            }
            let certificates = try await CertificationService.describe(
                try await CertificateStore.certificates(learnerID: principal.learnerID, on: connection, logger: logger),
                on: connection,
                logger: logger
            )
            return Export(
                exportedAt: now,
                account: account,
                extras: extras,
                enrollments: enrollments,
                attempts: attempts,
                certificates: certificates,
                accommodation: try await AccommodationStore.accommodation(learnerID: principal.learnerID, on: connection, logger: logger),
                managedAccount: try await ManagedAccountStore.exportRecord(learnerID: principal.learnerID, on: connection, logger: logger),
                classes: try await ClassStore.memberships(of: principal.learnerID, includingLeft: true, on: connection, logger: logger),
                progressReads: try await ClassProgressStore.reads(of: principal.learnerID, on: connection, logger: logger)
            )
        }
    }
}
