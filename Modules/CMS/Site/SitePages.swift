import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// A platform's marketing pages as shipped in `Platforms/<code>/pages/<slug>.<locale>.md`: a
/// short header (`title:`, optional `seo_title:` and `seo_description:`) between `---` lines,
/// then the Markdown body.
struct SitePageFile: Equatable, Sendable {
    let slug: String
    let locale: String
    let title: String
    let seoTitle: String?
    let seoDescription: String?
    let body: String

    /// Reads one file; nil with a reason when its name or header is not as described.
    static func parse(fileName: String, text: String) -> Result<SitePageFile, SitePageFileError> {
        let parts = fileName.split(separator: ".")
        guard parts.count == 3, parts[2] == "md", PageRules.isValidSlug(String(parts[0])), let locale = ContentLocale(String(parts[1])) else {
            return .failure(SitePageFileError(file: fileName, reason: "name it <slug>.<locale>.md, e.g. about.fr.md"))
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else {
            return .failure(SitePageFileError(file: fileName, reason: "start with a header between two --- lines"))
        }
        var header: [String: String] = [:]
        for line in lines[1..<end] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            header[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let title = header["title"], !title.isEmpty else {
            return .failure(SitePageFileError(file: fileName, reason: "give the page a title: line in its header"))
        }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(SitePageFile(slug: String(parts[0]), locale: locale.tag, title: title, seoTitle: header["seo_title"],
                                     seoDescription: header["seo_description"], body: body))
    }
}

struct SitePageFileError: Error, Equatable, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "\(file): \(reason)" }
}

/// Loads the shipped marketing pages of every platform into `cms_pages`, once per page: a page
/// an admin edited keeps the admin's words, and a page an admin deleted stays deleted
/// (`cms_seeded_pages` remembers what was loaded).
enum SitePages {
    /// Loads what is missing; returns how many pages were added.
    @discardableResult
    static func seed(kernel: KernelServices) async throws -> Int {
        let root = kernel.configuration.root.appendingPathComponent("Platforms")
        let platforms = try await kernel.database.read { try await TenancyStore.platforms(on: $0) }
        var added = 0
        for platform in platforms {
            let folder = root.appendingPathComponent(platform.code).appendingPathComponent("pages")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() where name.hasSuffix(".md") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                switch SitePageFile.parse(fileName: name, text: text) {
                case .failure(let error):
                    kernel.logger.warning("Skipped a marketing page file", metadata: ["platform": .string(platform.code), "problem": .string(error.description)])
                case .success(let file):
                    if try await load(file, platform: platform.id, now: kernel.now(), database: kernel.database) { added += 1 }
                }
            }
        }
        if added > 0 { await kernel.changes.announce(.content) }
        return added
    }

    private static func load(_ file: SitePageFile, platform: UUID, now: Date, database: Database) async throws -> Bool {
        try await database.transaction { tx in
            let claimed = try await tx.sql.raw("""
                INSERT INTO cms_seeded_pages (platform_id, slug, locale, seeded_at) VALUES (\(bind: platform), \(bind: file.slug), \(bind: file.locale), \(bind: now))
                ON CONFLICT DO NOTHING RETURNING slug
                """).all()
            guard !claimed.isEmpty else { return false }
            try await tx.sql.raw("""
                INSERT INTO cms_pages (id, platform_id, vendor_id, slug, locale, title, body_markdown, seo_title, seo_description,
                    is_published, published_at, is_platform_page, counts_as_custom, created_at, updated_at)
                VALUES (\(bind: UUID.v7(now: now)), \(bind: platform), NULL, \(bind: file.slug), \(bind: file.locale), \(bind: file.title),
                    \(bind: file.body), \(bind: file.seoTitle), \(bind: file.seoDescription), \(bind: true), NULL, \(bind: true), \(bind: false),
                    \(bind: now), \(bind: now))
                ON CONFLICT DO NOTHING
                """).run()
            return true
        }
    }
}

/// Loads the shipped marketing pages when the server starts; a failure is logged, never fatal.
struct SitePageSeeding: Service {
    let kernel: KernelServices

    func run() async throws {
        do {
            let added = try await SitePages.seed(kernel: kernel)
            if added > 0 { kernel.logger.info("Loaded marketing pages", metadata: ["pages": .stringConvertible(added)]) }
        } catch {
            kernel.logger.error("Could not load the marketing pages", metadata: ["error": .string(DatabaseErrors.describe(error))])
        }
        // A service that returns stops the service group; wait for shutdown instead.
        try? await gracefulShutdown()
    }
}
