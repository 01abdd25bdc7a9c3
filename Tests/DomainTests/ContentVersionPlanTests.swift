import Domain
import Testing

@Suite struct ContentVersionPlanTests {
    typealias Item = ContentVersionPlan.Item
    typealias Key = ContentVersionPlan.Key
    typealias Stored = ContentVersionPlan.Stored

    @Test func anUnchangedItemKeepsItsVersionAndIsNotStoredAgain() {
        let plan = ContentVersionPlan(
            items: [Item(kind: "lesson", id: "l1", hash: "h1")],
            latest: [Key(kind: "lesson", id: "l1"): Stored(version: 3, hash: "h1")],
            live: [Key(kind: "lesson", id: "l1")]
        )
        #expect(plan.versions == [3])
        #expect(plan.toStore.isEmpty)
        #expect(plan.new.isEmpty && plan.changed.isEmpty && plan.retired.isEmpty)
    }

    @Test func aChangedItemGetsTheNextVersionAndIsListedAsChanged() {
        let plan = ContentVersionPlan(
            items: [Item(kind: "lesson", id: "l1", hash: "h2")],
            latest: [Key(kind: "lesson", id: "l1"): Stored(version: 3, hash: "h1")],
            live: [Key(kind: "lesson", id: "l1")]
        )
        #expect(plan.versions == [4])
        #expect(plan.toStore == [0])
        #expect(plan.changed.lessons == ["l1"])
        #expect(plan.changed.quizzes.isEmpty && plan.changed.questions.isEmpty)
        #expect(plan.new.isEmpty && plan.retired.isEmpty)
    }

    @Test func aBrandNewItemIsVersionOneAndNew() {
        let plan = ContentVersionPlan(items: [Item(kind: "question", id: "q9", hash: "x")], latest: [:], live: [])
        #expect(plan.versions == [1])
        #expect(plan.toStore == [0])
        #expect(plan.new.questions == ["q9"])
        #expect(plan.new.lessons.isEmpty && plan.new.quizzes.isEmpty)
        #expect(plan.changed.isEmpty && plan.retired.isEmpty)
    }

    @Test func anItemBackFromAnOlderVersionIsNewButReusesItsStoredVersion() {
        // The quiz was stored as version 2 for an earlier course version, then dropped from the live one.
        let plan = ContentVersionPlan(
            items: [Item(kind: "quiz", id: "z1", hash: "hz")],
            latest: [Key(kind: "quiz", id: "z1"): Stored(version: 2, hash: "hz")],
            live: []
        )
        #expect(plan.versions == [2])
        #expect(plan.toStore.isEmpty, "its content is stored already")
        #expect(plan.new.quizzes == ["z1"])
        #expect(plan.changed.isEmpty)
    }

    @Test func anItemBackFromAnOlderVersionWithNewContentIsNewAtTheNextVersion() {
        let plan = ContentVersionPlan(
            items: [Item(kind: "quiz", id: "z1", hash: "hz-edited")],
            latest: [Key(kind: "quiz", id: "z1"): Stored(version: 2, hash: "hz")],
            live: []
        )
        #expect(plan.versions == [3])
        #expect(plan.toStore == [0])
        #expect(plan.new.quizzes == ["z1"])
        #expect(plan.changed.isEmpty, "it is not in the live version, so it did not change there")
    }

    @Test func liveItemsMissingFromThePackAreRetiredSorted() {
        let plan = ContentVersionPlan(
            items: [Item(kind: "lesson", id: "b", hash: "hb")],
            latest: [
                Key(kind: "lesson", id: "b"): Stored(version: 1, hash: "hb"),
                Key(kind: "lesson", id: "c"): Stored(version: 1, hash: "hc"),
                Key(kind: "lesson", id: "a"): Stored(version: 5, hash: "ha"),
            ],
            live: [
                Key(kind: "question", id: "q2"), Key(kind: "lesson", id: "c"), Key(kind: "question", id: "q10"),
                Key(kind: "lesson", id: "a"), Key(kind: "lesson", id: "b"), Key(kind: "quiz", id: "z"),
            ]
        )
        #expect(plan.retired.lessons == ["a", "c"])
        #expect(plan.retired.questions == ["q10", "q2"], "sorted as text")
        #expect(plan.retired.quizzes == ["z"])
        #expect(plan.versions == [1])
        #expect(plan.new.isEmpty && plan.changed.isEmpty)
    }

    @Test func itemsAreKeyedByKindAndId() {
        // A question with the id of a live lesson is a different item: new, and the lesson retires.
        let plan = ContentVersionPlan(
            items: [Item(kind: "question", id: "x", hash: "h")],
            latest: [Key(kind: "lesson", id: "x"): Stored(version: 4, hash: "h")],
            live: [Key(kind: "lesson", id: "x")]
        )
        #expect(plan.versions == [1])
        #expect(plan.toStore == [0])
        #expect(plan.new.questions == ["x"])
        #expect(plan.retired.lessons == ["x"])
        #expect(plan.changed.isEmpty)
    }

    @Test func aMixedPackStoresOnlyWhatIsNotStoredYetInPackOrder() {
        let items = [
            Item(kind: "lesson", id: "keep", hash: "k"),
            Item(kind: "lesson", id: "fresh", hash: "f"),
            Item(kind: "quiz", id: "same", hash: "s"),
            Item(kind: "question", id: "edited", hash: "e2"),
            Item(kind: "question", id: "returning", hash: "r"),
        ]
        let latest: [Key: Stored] = [
            Key(kind: "lesson", id: "keep"): Stored(version: 2, hash: "k"),
            Key(kind: "quiz", id: "same"): Stored(version: 1, hash: "s"),
            Key(kind: "question", id: "edited"): Stored(version: 7, hash: "e1"),
            Key(kind: "question", id: "returning"): Stored(version: 3, hash: "r"),
            Key(kind: "question", id: "gone"): Stored(version: 1, hash: "g"),
        ]
        let live: Set<Key> = [
            Key(kind: "lesson", id: "keep"), Key(kind: "quiz", id: "same"), Key(kind: "question", id: "edited"),
            Key(kind: "question", id: "gone"),
        ]
        let plan = ContentVersionPlan(items: items, latest: latest, live: live)
        #expect(plan.versions == [2, 1, 1, 8, 3])
        #expect(plan.toStore == [1, 3])
        #expect(plan.new.lessons == ["fresh"] && plan.new.questions == ["returning"] && plan.new.quizzes.isEmpty)
        #expect(plan.changed.questions == ["edited"] && plan.changed.lessons.isEmpty && plan.changed.quizzes.isEmpty)
        #expect(plan.retired.questions == ["gone"] && plan.retired.lessons.isEmpty && plan.retired.quizzes.isEmpty)
    }

    @Test func anEmptyPackRetiresEverythingLive() {
        let plan = ContentVersionPlan(items: [], latest: [:], live: [Key(kind: "quiz", id: "b"), Key(kind: "quiz", id: "a")])
        #expect(plan.versions.isEmpty && plan.toStore.isEmpty)
        #expect(plan.retired.quizzes == ["a", "b"])
        #expect(plan.new.isEmpty && plan.changed.isEmpty)
    }

    @Test func keysOrderByKindThenId() {
        #expect(Key(kind: "lesson", id: "z") < Key(kind: "question", id: "a"))
        #expect(Key(kind: "quiz", id: "a") < Key(kind: "quiz", id: "b"))
        #expect(!(Key(kind: "quiz", id: "a") < Key(kind: "quiz", id: "a")))
        #expect(Item(kind: "quiz", id: "a", hash: "h").key == Key(kind: "quiz", id: "a"))
    }
}
