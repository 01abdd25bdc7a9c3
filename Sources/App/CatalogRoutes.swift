import CoursePacks
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Persistence
import Services

/// The public catalog: course list, outlines, lessons and images, served from `CatalogCache`.
///
/// Plain routes rather than generated handlers, because they answer with bytes encoded once per
/// content version and language (openapi.yaml documents them under the `catalog` tag).
struct CatalogRoutes {
    let cache: CatalogCache

    func register(on registrar: RouteRegistrar<AppRequestContext>) {
        registrar.on("/v1/courses", method: .get) { request, _ in try await list(request) }
        registrar.on("/v1/courses/{courseId}", method: .get) { request, context in
            try await outline(request, courseID: context.parameters.get("courseId") ?? "")
        }
        registrar.on("/v1/courses/{courseId}/lessons/{lessonId}", method: .get) { request, context in
            try await lesson(request, courseID: context.parameters.get("courseId") ?? "", lessonID: context.parameters.get("lessonId") ?? "")
        }
        registrar.on("/v1/courses/{courseId}/assets/{name}", method: .get) { request, context in
            try await asset(request, courseID: context.parameters.get("courseId") ?? "", name: context.parameters.get("name") ?? "")
        }
    }

    func outline(_ request: Request, courseID: String) async throws -> Response {
        let language = RequestScope.current.language
        return try await serve(request, courseID: courseID, .outline, language: language) { version, manifest in
            try cache.json(
                CourseOutlineDocument(manifest.pack, contentVersion: version, language),
                etag: "\"o-\(courseID)-\(version)-\(language.rawValue)\"",
                language: language
            )
        }
    }

    func lesson(_ request: Request, courseID: String, lessonID: String) async throws -> Response {
        let language = RequestScope.current.language
        return try await serve(request, courseID: courseID, .lesson(lessonID), language: language) { version, manifest in
            let lessons = manifest.pack.lessons
            guard let index = lessons.firstIndex(where: { $0.id == lessonID }),
                let lesson = try await cache.service.lesson(lessonID, courseID: courseID, version: version)
            else { return nil }
            let markdown = lesson.markdown.text(in: language)
            let html = Markdown.html(markdown) { source in
                let name = String(source.dropFirst("assets/".count))
                return manifest.assets[name] == nil ? nil : CatalogCache.assetURL(base: cache.publicBaseURL, courseID: courseID, name: name)
            }
            return try cache.json(
                LessonDocument(
                    id: lesson.id,
                    courseId: courseID,
                    title: lesson.title.text(in: language),
                    estimatedMinutes: lesson.estimatedMinutes,
                    competencies: lesson.competencies,
                    markdown: markdown,
                    html: html,
                    quizId: manifest.pack.quizzes.first { $0.lessonID == lesson.id }?.id,
                    previousLessonId: index > 0 ? lessons[index - 1].id : nil,
                    nextLessonId: index + 1 < lessons.count ? lessons[index + 1].id : nil
                ),
                etag: "\"l-\(courseID)-\(version)-\(lessonID)-\(language.rawValue)\"",
                language: language
            )
        }
    }

    func asset(_ request: Request, courseID: String, name: String) async throws -> Response {
        try await serve(request, courseID: courseID, .asset(name), language: nil) { _, manifest in
            guard let hash = manifest.assets[name], let contentType = PackFiles.assetType(name) else { return nil }
            return try await cache.service.asset(name, courseID: courseID, hash: hash).map {
                CatalogCache.Encoded(body: $0, etag: "\"a-\(hash)\"", contentType: contentType, language: nil)
            }
        }
    }

    /// A document of a live course (not a certification programme): its kept bytes, or 304 when
    /// the caller holds them already. The first read of a version encodes it with `make`, given
    /// the version and its manifest; nil from `make` is a 404.
    func serve(
        _ request: Request,
        courseID: String,
        _ document: CatalogCache.Key.Document,
        language: Language?,
        make: (Int, CourseManifest) async throws -> CatalogCache.Encoded?
    ) async throws -> Response {
        guard let (key, live, kept) = cache.lookup(courseID, document, language: language), live.kind == .course else {
            throw Problem(.notFound)
        }
        let encoded: CatalogCache.Encoded
        if let kept {
            encoded = kept
        } else {
            guard let manifest = try await cache.service.manifest(courseID, live: live), let made = try await make(live.version, manifest) else {
                throw Problem(.notFound)
            }
            cache.store(made, for: key)
            encoded = made
        }
        if Self.matches(request, encoded.etag) { return Response(status: .notModified, headers: encoded.notModifiedHeaders) }
        return Response(status: .ok, headers: encoded.headers, body: .init(byteBuffer: encoded.body))
    }

    func list(_ request: Request) async throws -> Response {
        let language = RequestScope.current.language
        var errors: [FieldError] = []
        // An empty value (`?competency=`) means the filter is not set, as most forms send it.
        let parameters = request.uri.queryParameters
        let query = { (name: String) -> String? in parameters[Substring(name)].flatMap { $0.isEmpty ? nil : String($0) } }
        let competency = query("competency")
        if let competency, Competency.names[competency] == nil {
            errors.append(
                FieldError(pointer: "/query/competency", message: LocalizedText(vi: "Mã năng lực không tồn tại.", en: "There is no such competency."))
            )
        }
        let audience = query("audience")
        if let audience, !Self.audiences.contains(audience) {
            errors.append(
                FieldError(pointer: "/query/audience", message: LocalizedText(vi: "Đối tượng không hợp lệ.", en: "This audience is not known."))
            )
        }
        if let wanted = query("language"), Language(rawValue: wanted) == nil {
            errors.append(
                FieldError(
                    pointer: "/query/language",
                    message: LocalizedText(vi: "Ngôn ngữ phải là vi hoặc en.", en: "The language must be vi or en.")
                )
            )
        }
        var limit = 50
        if let text = query("limit") {
            if let value = Int(text), (1...100).contains(value) {
                limit = value
            } else {
                errors.append(
                    FieldError(
                        pointer: "/query/limit",
                        message: LocalizedText(vi: "Giới hạn phải từ 1 đến 100.", en: "The limit must be from 1 to 100.")
                    )
                )
            }
        }
        var after: String?
        if let cursor = query("cursor") {
            if let bytes = Base64URL.decode(String(cursor)), let id = String(bytes: bytes, encoding: .utf8) {
                after = id
            } else {
                errors.append(
                    FieldError(pointer: "/query/cursor", message: LocalizedText(vi: "Con trỏ trang không hợp lệ.", en: "The cursor is not valid."))
                )
            }
        }
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }

        var items: [CourseSummaryDocument] = []
        var nextCursor: String?
        for (id, live) in cache.liveCourses() where after.map({ id > $0 }) ?? true {
            guard let manifest = try await cache.service.manifest(id, live: live) else { continue }
            let pack = manifest.pack
            if let competency, !pack.competencies.contains(competency) { continue }
            if let audience, !pack.audience.contains(audience) { continue }
            if items.count == limit {
                nextCursor = Base64URL.encode(Array(items.last!.id.utf8))
                break
            }
            items.append(CourseSummaryDocument(pack, language))
        }
        let list = try cache.json(CourseListDocument(items: items, nextCursor: nextCursor), etag: "", language: language)
        var headers = list.headers
        headers[.eTag] = nil
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: list.body))
    }

    static let audiences: Set<String> = ["everyone", "adults", "older-people", "parents", "children", "teens", "new-to-smartphones"]

    /// Whether `If-None-Match` names `etag` (or `*`), weak or strong.
    static func matches(_ request: Request, _ etag: String) -> Bool {
        guard let header = request.headers[.ifNoneMatch] else { return false }
        return header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag || tag == "*"
        }
    }
}
