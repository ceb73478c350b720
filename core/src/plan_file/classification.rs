//! A classification in the plan file (SPEC §10): its fields, how the general reader reads
//! one and names its problems, and how it is written. Classifications are few and small
//! beside the lists of entities, so they are read from the parsed value.

use super::reader::{Item, Object, Reader};
use super::write::{decimal, opt, x, Each, Write};
use crate::amount::parse_decimal;
use crate::diagnostics::Code;
use crate::model::{ClassCode, Classification, ClassificationKind, Tag, TagTarget};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

pub(crate) const CLASSIFICATION_FIELDS: &[&str] = &["id", "name", "kind", "codes", "tags", "x"];
pub(crate) const CODE_FIELDS: &[&str] = &["id", "name", "parent"];
pub(crate) const TAG_FIELDS: &[&str] = &["line", "project", "program", "code", "share", "weight"];

impl Item for Classification {
    const LIST: &'static str = "classifications";
    const FIELDS: &'static [&'static str] = CLASSIFICATION_FIELDS;
    fn read(reader: &mut Reader, obj: Object, path: String) -> Option<Self> {
        reader.classification(obj, path)
    }
}

impl Reader<'_> {
    /// A classification of the plan; one that cannot be read is left out with its
    /// diagnostic.
    pub(super) fn classification(&mut self, obj: Object, path: String) -> Option<Classification> {
        let obj = self.entity(obj, path, "classification", CLASSIFICATION_FIELDS)?;
        let id = self.text(&obj, "id", true, false);
        let name = self.text(&obj, "name", true, false);
        let kind = match obj.map.get("kind") {
            Some(Value::String(k)) if k == "share" => ClassificationKind::Share,
            Some(Value::String(k)) if k == "marker" => ClassificationKind::Marker,
            None | Some(Value::Null) => {
                self.missing(&obj, "kind");
                ClassificationKind::Share
            }
            Some(other) => {
                let msg = format!(
                    "{}: `kind` is {other}; write \"share\" (money split over codes) or \"marker\" (a relevance weight per code)",
                    obj.what
                );
                self.push(Code::E008, &obj, Some("kind"), msg);
                ClassificationKind::Share
            }
        };
        let what = format!("{}'s code", obj.what);
        let mut codes = Vec::new();
        let parent = obj.entity.as_deref();
        self.each_object(&obj, "codes", &what, CODE_FIELDS, parent, |r, code| {
            codes.push(ClassCode {
                id: r.text(code, "id", true, false).unwrap_or_default(),
                name: r.text(code, "name", false, false),
                parent: r.text(code, "parent", false, false),
            });
        });
        let what = format!("{}'s tag", obj.what);
        let mut tags = Vec::new();
        self.each_object(&obj, "tags", &what, TAG_FIELDS, parent, |r, tag| {
            let named: Vec<&str> = ["line", "project", "program"]
                .into_iter()
                .filter(|k| tag.map.get(k).is_some_and(|v| !v.is_null()))
                .collect();
            let target = match named.as_slice() {
                [field] => r.text(tag, field, true, false).map(|id| match *field {
                    "line" => TagTarget::Line(id),
                    "project" => TagTarget::Project(id),
                    _ => TagTarget::Program(id),
                }),
                _ => {
                    let msg = format!(
                        "{}: names {} of `line`, `project` and `program`; a tag names exactly one",
                        tag.what,
                        named.len()
                    );
                    r.push(Code::E008, tag, None, msg);
                    None
                }
            };
            let code = r.text(tag, "code", true, false);
            let share = r.share(tag);
            let weight = r.number(tag, "weight", false, parse_decimal);
            if let (Some(target), Some(code)) = (target, code) {
                tags.push(Tag {
                    target,
                    code,
                    share,
                    weight,
                });
            }
        });
        let ext = self.extension(&obj);
        Some(Classification {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            kind,
            codes,
            tags,
            x: ext.map(Box::new),
        })
    }
}

/// How a classification is written.
pub(super) struct ClassificationFile;

impl Write<Classification> for ClassificationFile {
    fn write<S: Serializer>(&self, c: &Classification, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("kind", c.kind.as_str())?;
        m.serialize_entry("codes", &Each(&c.codes, CodeFile))?;
        m.serialize_entry("tags", &Each(&c.tags, TagFile))?;
        x(&mut m, c.x.as_deref())?;
        m.end()
    }
}

struct CodeFile;

impl Write<ClassCode> for CodeFile {
    fn write<S: Serializer>(&self, c: &ClassCode, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &c.id)?;
        opt(&mut m, "name", c.name.as_deref())?;
        opt(&mut m, "parent", c.parent.as_deref())?;
        m.end()
    }
}

struct TagFile;

impl Write<Tag> for TagFile {
    fn write<S: Serializer>(&self, t: &Tag, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(t.target.field(), t.target.id())?;
        m.serialize_entry("code", &t.code)?;
        decimal(&mut m, "share", t.share)?;
        decimal(&mut m, "weight", t.weight)?;
        m.end()
    }
}
