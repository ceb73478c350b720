//! A plan that loads → its file and its tables → the same plan again.
#![no_main]

use goldthread::Plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(plan) = Plan::from_slice(bytes) else {
        return;
    };
    let again = Plan::from_json(&plan.to_json()).expect("a plan's own file loads");
    assert_eq!(again.data(), plan.data());
    let tables = goldthread::tables::write(plan.data()).expect("a plan writes its tables");
    let files: Vec<(String, Vec<u8>)> = tables
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    let (data, diagnostics) = goldthread::tables::read(&files);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(data.as_ref(), Some(plan.data()));
});
