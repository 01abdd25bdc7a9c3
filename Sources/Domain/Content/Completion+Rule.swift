extension Completion {
    /// Whether a learner with these completed lessons and passed quizzes has completed the course.
    public func isMet(lessons all: [String], completed: Set<String>, passedQuizzes: Set<String>) -> Bool {
        let needed = lessons ?? all
        return Set(needed).isSubset(of: completed) && Set(quizzes).isSubset(of: passedQuizzes)
    }
}
