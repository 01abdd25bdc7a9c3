import CoursePacks
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A programme's recommended courses (`preparationCourses`) reach learners beside its prerequisite,
/// and an import's report carries the item-writing warnings of a course pack.
@Suite struct ProgrammePreparationTests {
    /// The shipped certification pack with its programme's course lists set to known values.
    static func certification(preparation: String) throws -> PackFiles {
        var files = try PackFiles.read(folder: PackFixtures.root.appendingPathComponent("Courses/cyber-safety-certificate"))
        let manifest = try #require(files.text("pack.yaml"))
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  preparationCourses:") }
        let rewritten = lines.map { line in
            line.hasPrefix("  prerequisiteCourse:") ? "  prerequisiteCourse: basic-cyber-safety\n  preparationCourses: \(preparation)" : String(line)
        }
        files.files["pack.yaml"] = Array(rewritten.joined(separator: "\n").utf8)
        return files
    }

    @Test func theProgrammeListShowsThePreparationCoursesBesideThePrerequisite() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let files = try Self.certification(preparation: "[online-scams-vietnam, children-and-families]")
            let upload = try await PackFixtures.upload(client, admin, try PackFixtures.zip(files))
            #expect(upload.status == .created, "\(String(buffer: upload.body))")

            let session = try await register(client, "chuan.bi@example.org")
            let list = try object(try await client.execute(uri: "/v1/certifications", method: .get, headers: bearer(session.accessToken)))
            let programme = try #require((list["items"] as? [[String: Any]])?.first { $0["id"] as? String == "cyber-safety-certificate" })
            #expect(programme["prerequisiteCourse"] as? String == "basic-cyber-safety")
            #expect(programme["preparationCourses"] as? [String] == ["online-scams-vietnam", "children-and-families"])
        }
    }

    @Test func aProgrammeWithoutPreparationCoursesShowsAnEmptyList() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let upload = try await PackFixtures.upload(client, admin, try PackFixtures.zip(try Self.certification(preparation: "[]")))
            #expect(upload.status == .created, "\(String(buffer: upload.body))")
            let session = try await register(client, "khong.chuan.bi@example.org")
            let list = try object(try await client.execute(uri: "/v1/certifications", method: .get, headers: bearer(session.accessToken)))
            let programme = try #require((list["items"] as? [[String: Any]])?.first)
            #expect(programme["preparationCourses"] as? [String] == [])
        }
    }

    /// The example course keys its multiple item on the first two options: a warning, not a refusal.
    @Test func anImportReportCarriesTheCoursePacksWarnings() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let upload = try await PackFixtures.upload(client, admin, try PackFixtures.zip(PackFixtures.example), dryRun: true)
            #expect(upload.status == .ok, "\(String(buffer: upload.body))")
            let report = try object(upload)
            let warnings = try #require(report["warnings"] as? [[String: Any]])
            #expect(
                warnings.contains {
                    $0["file"] as? String == "questions/example.yaml" && $0["line"] is Int
                        && ($0["message"] as? String)?.hasPrefix("question ex-multiple: the keys are the first 2 options") == true
                },
                "\(warnings)"
            )
            #expect((report["issues"] as? [Any])?.isEmpty == true)
        }
    }
}
