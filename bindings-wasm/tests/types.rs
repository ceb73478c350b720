//! The package's TypeScript declarations (`types/goldthread.d.ts`, embedded into the
//! `.d.ts` wasm-bindgen writes) are exactly what the core's Rust types generate.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn shipped_declarations_are_generated_from_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/types/goldthread.d.ts");
    let fresh = goldthread::typescript::declarations();
    if std::env::var_os("GOLDTHREAD_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let shipped = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        shipped == fresh,
        "types/goldthread.d.ts is not what the Rust types generate: regenerate it with \
         `GOLDTHREAD_BLESS=1 cargo test -p goldthread-wasm --test types` and review the diff"
    );
}
