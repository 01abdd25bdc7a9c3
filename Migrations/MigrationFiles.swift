import Foundation

/// The numbered, forward-only SQL migrations (`sql/NNNN_name.sql`), shipped as this target's resource.
/// `Persistence` reads them through `Migration.bundled()`; nothing else belongs in `sql/`.
public enum MigrationFiles {
    /// The bundled `sql` folder, or nil when the build carries no such resource.
    public static var folder: URL? {
        Bundle.module.url(forResource: "sql", withExtension: nil)
    }
}
