//! The IATI codelists an import names things by, compiled in: the DAC sector codes and
//! their 3-digit categories (`dac_sectors.csv`, the goal tree) and the policy markers
//! (`policy_markers.csv`); their provenance is `codelists.PROVENANCE`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A lookup (code → name) of a compiled-in CSV, the name in column `name_at`.
fn table(text: &str, name_at: usize) -> HashMap<String, String> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .flatten()
        .filter_map(|r| Some((r.get(0)?.to_string(), r.get(name_at)?.to_string())))
        .collect()
}

/// The English name of a DAC 5-digit sector or 3-digit category, if the codelist has it.
pub(crate) fn sector_name(code: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES
        .get_or_init(|| table(include_str!("dac_sectors.csv"), 2))
        .get(code)
        .map(String::as_str)
}

/// The name of a policy marker (vocabulary 1, the OECD DAC CRS markers), if listed.
pub(crate) fn marker_name(code: &str) -> Option<&'static str> {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES
        .get_or_init(|| table(include_str!("policy_markers.csv"), 1))
        .get(code)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_come_from_the_codelists() {
        assert_eq!(
            super::sector_name("14030"),
            Some("Basic drinking water supply and basic sanitation")
        );
        assert_eq!(
            super::sector_name("111"),
            Some("Education, Level Unspecified")
        );
        assert_eq!(
            super::marker_name("9"),
            Some("Reproductive, Maternal, Newborn and Child Health (RMNCH)")
        );
        assert_eq!(super::sector_name("99999"), None);
    }
}
