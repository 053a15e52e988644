import Testing

extension Tag {
    /// Trains or reads the real corpora in `../shared/corpora` (run in release mode: `Scripts/test`).
    @Tag static var realData: Self
    /// Needs a headless Chromium.
    @Tag static var browser: Self
}
