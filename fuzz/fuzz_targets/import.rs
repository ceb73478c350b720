//! Table bytes with a mapping → import: every input either imports or is named, never a
//! panic. The first line of the input is the mapping's columns, the rest the table.
#![no_main]

use goldthread::import::{import, Mapping, Table};
use libfuzzer_sys::fuzz_target;

/// Mappings that read the fuzzed table in the ways tables are read.
const MAPPINGS: [&str; 4] = [
    "[plan]\nname = \"f\"\n[columns]\nprogram_id = \"program\"\ngoal_id = \"goal\"\namount = \"amount\"\nyear = \"year\"\n",
    // The DOS code page (every byte a character), nil cells, rows that only define.
    "[plan]\nname = \"f\"\nencoding = \"ibm850\"\n[table]\ndecimal_mark = \",\"\nnull_values = [\"-\"]\n[columns]\nproject_id = \"p\"\nprogram_id = \"q\"\nspent = \"s\"\n[constants]\nyear = \"1\"\n[rules]\none_program_per_goal = true\ndefinition_rows_without_amount = true\n",
    "[plan]\nname = \"f\"\nencoding = \"windows-1252\"\n[columns]\nprogram_id = \"program\"\namount = \"amount\"\n[wide.amount]\n\"2024\" = \"a24\"\n\"2025\" = \"a25\"\n",
    // Ids from a code's first characters (any UTF-8 cut at a character), names by id.
    "[plan]\nname = \"f\"\n[columns]\nprogram_id = \"program\"\ngoal_id = { column = \"program\", first = 2 }\ngoal_parent_id = { column = \"program\", first = 1 }\namount = \"amount\"\n[constants]\nyear = \"1\"\n[names.goal]\n\"1\" = \"one\"\n",
];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, table)) = bytes.split_first() else {
        return;
    };
    let Some(text) = MAPPINGS.get(usize::from(pick) % MAPPINGS.len()) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(text) else {
        return;
    };
    let out = import(&mapping, &[Table { name: "t.csv", bytes: table }]);
    if !out.diagnostics.iter().any(|d| d.is_error()) {
        // What import made is a plan the loader reads, or names.
        let _ = goldthread::Plan::from_data(out.data);
    }
});
