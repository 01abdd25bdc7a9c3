import App
import CoursePacks
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing
import ZIPFoundation

@Suite struct CatalogTests {
    /// The rows in `table` (a WHERE clause may follow the name), to show what an import wrote or left alone.
    static func count(_ table: String, url: String) async throws -> Int {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)"), logger: database.logger)
                    .collect().first!.decode(Int.self)
            }
        }
    }

    @Test func importThenReimportThenAVersionThatRetiresAnItem() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let first = try await PackFixtures.upload(client, admin, try PackFixtures.zip(PackFixtures.example))
            #expect(first.status == .created, "\(String(buffer: first.body))")
            let report = try object(first)
            #expect(report["outcome"] as? String == "created")
            #expect((report["new"] as? [String: [String]])?["questions"]?.count == 6)

            let again = try await PackFixtures.upload(client, admin, try PackFixtures.zip(PackFixtures.example))
            #expect(again.status == .ok)
            #expect(try object(again)["outcome"] as? String == "unchanged")
            #expect(try await Self.count("course_versions", url: url) == 1, "an identical pack changes nothing")

            var smaller = PackFixtures.example
            var manifest = smaller.text("pack.yaml")!
            manifest = manifest.replacingOccurrences(of: "ex-matching, ex-short]", with: "ex-matching]")
            smaller.files["pack.yaml"] = Array(manifest.utf8)
            smaller.files["questions/example.yaml"] = Array(
                smaller.text("questions/example.yaml")!.components(separatedBy: "  - id: ex-short")[0].utf8
            )
            let dry = try await PackFixtures.upload(client, admin, try PackFixtures.zip(smaller), dryRun: true)
            #expect(dry.status == .ok)
            #expect(try await Self.count("course_versions", url: url) == 1, "a dry run changes nothing")
            let updated = try await PackFixtures.upload(client, admin, try PackFixtures.zip(smaller))
            #expect(updated.status == .created)
            let updatedReport = try object(updated)
            #expect(updatedReport["outcome"] as? String == "updated")
            #expect((updatedReport["retired"] as? [String: [String]])?["questions"] == ["ex-short"])
            #expect((updatedReport["changed"] as? [String: [String]])?["quizzes"] == ["first-lesson-practice"])
            #expect(try await Self.count("content_items WHERE item_id = 'ex-short'", url: url) == 1, "retired items are kept")

            let id = try #require(updatedReport["importId"] as? String)
            let past = try await client.execute(uri: "/v1/admin/course-packs/\(id)", method: .get, headers: bearer(admin.accessToken))
            #expect(past.status == .ok)
            #expect(try object(past)["toVersion"] as? Int == 2)
        }
    }

    @Test func anInvalidPackIs422WithFileAndLineAndNothingIsImported() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            var broken = PackFixtures.example
            broken.files["lessons/second-lesson.en.md"] = Array("## Updates\n\n<script>alert(1)</script>\n".utf8)
            let response = try await PackFixtures.upload(client, admin, try PackFixtures.zip(broken))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["lessons/second-lesson.en.md:3"])
            #expect(try await Self.count("courses", url: url) == 0)
            #expect(try await Self.count("pack_imports WHERE outcome = 'invalid'", url: url) == 1, "the refused attempt's report is kept")
        }
    }

    @Test func archiveAttacksAreRefusedWithNothingWritten() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let archive = try Archive(data: Data(), accessMode: .create)
            let data = Data("x".utf8)
            try archive.addEntry(with: "../../etc/cron.d/evil", type: .file, uncompressedSize: Int64(1), compressionMethod: .none) {
                (_: Int64, _: Int) in data
            }
            let response = try await PackFixtures.upload(client, admin, ByteBuffer(bytes: archive.data!))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.first?.message.contains("unsafe path") == true)
            #expect(try await Self.count("courses", url: url) == 0)
            #expect(try await Self.count("content_items", url: url) == 0)
        }
    }

    @Test func aQuizIdUsedByAnotherPackIsRefused() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(PackFixtures.example)).status == .created)
            var other = PackFixtures.example
            other.files["pack.yaml"] = Array(
                other.text("pack.yaml")!.replacingOccurrences(of: "id: example-course\n", with: "id: another-course\n").utf8
            )
            let response = try await PackFixtures.upload(client, admin, try PackFixtures.zip(other))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.first?.message.contains("first-lesson-practice is already used by the pack example-course") == true)
            #expect(try await Self.count("courses", url: url) == 1)
        }
    }

    @Test func onlyAdminsImport() async throws {
        try await withTestApp { client, _ in
            let learner = try await register(client, "hoc@example.org")
            let response = try await PackFixtures.upload(client, learner, try PackFixtures.zip(PackFixtures.example))
            try expectProblem(response, status: .forbidden, type: "forbidden")
            var anonymous: HTTPFields = [.contentType: "application/zip"]
            anonymous[.accept] = "application/json"
            let refused = try await client.execute(
                uri: "/v1/admin/course-packs",
                method: .post,
                headers: anonymous,
                body: try PackFixtures.zip(PackFixtures.example)
            )
            try expectProblem(refused, status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func catalogServesOutlineAndLessonsWithoutKeysWithETagsAndLanguages() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(PackFixtures.example)).status == .created)

            let list = try await client.execute(uri: "/v1/courses", method: .get, headers: [.acceptLanguage: "en"])
            #expect(list.status == .ok)
            let items = try #require(try object(list)["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == ["example-course"])
            #expect(items.first?["title"] as? String == "Example course")
            #expect(try object(list).keys.contains("nextCursor"))

            let outline = try await client.execute(uri: "/v1/courses/example-course", method: .get)
            #expect(outline.status == .ok)
            #expect(outline.headers[.contentLanguage] == "vi", "no Accept-Language falls back to Vietnamese")
            #expect(outline.headers[.vary] == "Accept-Language")
            let etag = try #require(outline.headers[.eTag])
            let body = try object(outline)
            for field in [
                "id", "version", "contentVersion", "title", "description", "audience", "level", "estimatedMinutes", "competencies", "lessonCount",
                "lessons", "quizzes", "completion",
            ] {
                #expect(body[field] != nil, "outline lacks \(field)")
            }
            #expect((body["lessons"] as? [[String: Any]])?.first?["quizId"] as? String == "first-lesson-practice")

            let cached = try await client.execute(uri: "/v1/courses/example-course", method: .get, headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
            let english = try await client.execute(
                uri: "/v1/courses/example-course",
                method: .get,
                headers: [.ifNoneMatch: etag, .acceptLanguage: "en"]
            )
            #expect(english.status == .ok, "another language is another representation")

            let lesson = try await client.execute(
                uri: "/v1/courses/example-course/lessons/first-lesson",
                method: .get,
                headers: [.acceptLanguage: "en"]
            )
            #expect(lesson.status == .ok)
            let lessonBody = try object(lesson)
            #expect((lessonBody["markdown"] as? String)?.contains("call the police on 113") == true)
            #expect(
                (lessonBody["html"] as? String)?.contains(
                    #"<img src="https://safeskills.test/v1/courses/example-course/assets/password-box.png" alt="A password box on a phone">"#
                ) == true
            )
            #expect(lessonBody["nextLessonId"] as? String == "second-lesson")
            let lessonTag = try #require(lesson.headers[.eTag])
            #expect(lessonTag != etag)
            let unchanged = try await client.execute(
                uri: "/v1/courses/example-course/lessons/first-lesson",
                method: .get,
                headers: [.ifNoneMatch: "W/\(lessonTag)", .acceptLanguage: "en"]
            )
            #expect(unchanged.status == .notModified)
            #expect(unchanged.headers[.eTag] == lessonTag)
            #expect(unchanged.headers[.contentLanguage] == "en")
            #expect(unchanged.body.readableBytes == 0)
            let vietnamese = try await client.execute(
                uri: "/v1/courses/example-course/lessons/first-lesson",
                method: .get,
                headers: [.ifNoneMatch: lessonTag]
            )
            #expect(vietnamese.status == .ok, "the Vietnamese lesson is another representation")
            #expect(vietnamese.headers[.contentLanguage] == "vi")
            #expect(vietnamese.headers[.eTag] != lessonTag)

            // Nothing a learner can fetch before an attempt carries a key or an explanation.
            for response in [outline, english, lesson, list] {
                let text = String(buffer: response.body)
                for secret in ["Four random words are long", "explanation", "\"answer\"", "accepted", "Banks never ask", "report-spam"] {
                    #expect(!text.contains(secret), "\(secret) leaked")
                }
            }

            let asset = try await client.execute(uri: "/v1/courses/example-course/assets/password-box.png", method: .get)
            #expect(asset.status == .ok)
            #expect(asset.headers[.contentType] == "image/png")
            #expect(Array(asset.body.readableBytesView) == PackFixtures.example.files["assets/password-box.png"])
            let assetTag = try #require(asset.headers[.eTag])
            let keptAsset = try await client.execute(
                uri: "/v1/courses/example-course/assets/password-box.png",
                method: .get,
                headers: [.ifNoneMatch: "\"other\", \(assetTag)"]
            )
            #expect(keptAsset.status == .notModified)
            #expect(keptAsset.headers[.eTag] == assetTag)

            for missing in ["/v1/courses/nope", "/v1/courses/example-course/lessons/nope", "/v1/courses/example-course/assets/nope.png"] {
                try expectProblem(
                    try await client.execute(uri: missing, method: .get, headers: [.accept: "application/json"]),
                    status: .notFound,
                    type: "not-found"
                )
            }
        }
    }

    @Test func catalogFiltersAndPagesAndRefusesBadQueries() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            for id in ["example-course", "example-course-two"] {
                var pack = PackFixtures.example
                pack.files["pack.yaml"] = Array(
                    pack.text("pack.yaml")!
                        .replacingOccurrences(of: "id: example-course\n", with: "id: \(id)\n")
                        .replacingOccurrences(of: "first-lesson-practice", with: "\(id)-practice").utf8
                )
                #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(pack)).status == .created)
            }
            let page = try object(try await client.execute(uri: "/v1/courses?limit=1", method: .get))
            #expect((page["items"] as? [[String: Any]])?.count == 1)
            let cursor = try #require(page["nextCursor"] as? String)
            let next = try object(try await client.execute(uri: "/v1/courses?limit=1&cursor=\(cursor)", method: .get))
            #expect((next["items"] as? [[String: Any]])?.first?["id"] as? String == "example-course-two")
            #expect(next["nextCursor"] is NSNull)

            let filtered = try object(try await client.execute(uri: "/v1/courses?competency=4.3", method: .get))
            #expect((filtered["items"] as? [Any])?.isEmpty == true)
            let bad = try await client.execute(uri: "/v1/courses?competency=9&limit=0&language=fr&audience=aliens", method: .get)
            let problem = try expectProblem(bad, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/query/competency", "/query/limit", "/query/language", "/query/audience"])
        }
    }
}
