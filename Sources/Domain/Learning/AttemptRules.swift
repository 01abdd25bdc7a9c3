import Foundation

/// Timing and limits of attempts. Deadlines are the server's; a client's clock is display only.
public enum AttemptRules {
    /// A submit this late after the deadline still counts, for slow networks; later ones are refused.
    public static let submitGrace: TimeInterval = 30

    /// When a timed attempt ends: the quiz's time limit, lengthened by the learner's
    /// accommodation if they have one.
    public static func deadline(startedAt: Date, quiz: Quiz, accommodation: Accommodation?) -> Date? {
        quiz.timeLimitMinutes.map { minutes in
            startedAt.addingTimeInterval(TimeInterval((accommodation?.timeLimitMinutes(minutes) ?? minutes) * 60))
        }
    }

    /// Whether a submission at `now` is in time.
    public static func acceptsSubmission(deadline: Date?, now: Date) -> Bool {
        guard let deadline else { return true }
        return now <= deadline.addingTimeInterval(submitGrace)
    }

    /// Whether answers may still be saved at `now`: until the deadline itself.
    public static func acceptsAnswers(deadline: Date?, now: Date) -> Bool {
        guard let deadline else { return true }
        return now <= deadline
    }

    public enum StartRefusal: Error, Equatable {
        case noAttemptsLeft
        case coolingDown(until: Date)
    }

    /// Whether a new attempt may start, given the closed attempts before it (their close times).
    public static func startRefusal(quiz: Quiz, closedAttempts: [Date], totalAttempts: Int, now: Date) -> StartRefusal? {
        if let maximum = quiz.maxAttempts, totalAttempts >= maximum { return .noAttemptsLeft }
        if quiz.cooldownMinutes > 0, let last = closedAttempts.max() {
            let until = last.addingTimeInterval(TimeInterval(quiz.cooldownMinutes * 60))
            if now < until { return .coolingDown(until: until) }
        }
        return nil
    }

    /// Whether the review may be shown for a closed attempt.
    public static func reviewOpen(_ policy: ReviewPolicy, passed: Bool, deadline: Date?, now: Date) -> Bool {
        switch policy.when {
        case .afterSubmit: true
        case .afterPass: passed
        case .afterDeadline: deadline.map { now > $0 } ?? true
        case .never: false
        }
    }
}
