//! The DAC sector codes and their 3-digit categories (the IATI codelists `Sector` and
//! `SectorCategory`, kept as `dac_sectors.csv` with their provenance in
//! `dac_sectors.PROVENANCE`): the goal tree of an IATI import.

use std::collections::HashMap;
use std::sync::OnceLock;

static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();

/// The English name of a DAC 5-digit sector or 3-digit category, if the codelist has it.
pub(crate) fn name(code: &str) -> Option<&'static str> {
    NAMES
        .get_or_init(|| {
            let mut names = HashMap::new();
            let mut reader = csv::Reader::from_reader(include_str!("dac_sectors.csv").as_bytes());
            for record in reader.records().flatten() {
                if let (Some(code), Some(name)) = (record.get(0), record.get(2)) {
                    // The codelist is compiled in: its strings live as long as the program.
                    let code: &'static str = Box::leak(code.to_string().into_boxed_str());
                    let name: &'static str = Box::leak(name.to_string().into_boxed_str());
                    names.insert(code, name);
                }
            }
            names
        })
        .get(code)
        .copied()
}
