//! JSON records read without rewriting them: the members of an object are kept as the raw
//! text they were written as (serde_json's `RawValue`), and only the id and text fields are
//! decoded, so that an id beyond 64 bits, `1e400` or a lone surrogate escape elsewhere in a
//! record neither fails it nor changes it, and `--annotate` can pass its bytes through.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::value::RawValue;
use serde_json::Value;

use crate::decode::SourceText;

/// The id, the text and (for `--annotate`) the text of one record.
#[derive(Debug)]
pub struct Record {
    /// The id as it was written in the input (`null` when missing).
    pub id: Box<RawValue>,
    pub text: Result<SourceText, String>,
    /// The object as JSON text, with the byte range of a top-level `mtlint` value in it.
    pub json: Option<(String, Option<Range<usize>>)>,
    /// The raw line when it is not a JSON object.
    pub raw: Option<String>,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            id: null_raw(),
            text: Err(String::new()),
            json: None,
            raw: None,
        }
    }
}

/// Follows a dotted path (`meta.id`) into a JSON value.
pub fn get_path<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, key| v.get(key))
}

pub fn get_path_mut<'v>(v: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    path.split('.').try_fold(v, |v, key| v.get_mut(key))
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The members of a JSON object, each value kept as the text it was written as (so that ids
/// beyond 64 bits, `1e400` or a lone surrogate escape in any field are neither refused nor
/// rewritten).
type Members<'a> = BTreeMap<String, &'a RawValue>;

pub fn null_raw() -> Box<RawValue> {
    RawValue::from_string("null".into()).expect("null is JSON")
}

pub fn string_raw(s: &str) -> Box<RawValue> {
    serde_json::value::to_raw_value(s).unwrap_or_else(|_| null_raw())
}

/// What kind of JSON value `v` is, from its first character.
pub fn raw_kind(v: &RawValue) -> &'static str {
    match v.get().as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// Follows a dotted path (`meta.id`) into an object's members.
fn raw_path<'a>(top: &Members<'a>, path: &str) -> Option<&'a RawValue> {
    let mut keys = path.split('.');
    let mut v = *top.get(keys.next()?)?;
    for key in keys {
        let members: Members<'a> = serde_json::from_str(v.get()).ok()?;
        v = *members.get(key)?;
    }
    Some(v)
}

/// The string a JSON string literal stands for, and how many lone surrogate escapes in it were
/// replaced with U+FFFD (serde_json refuses them).
pub fn json_string_lossy(literal: &str) -> (String, usize) {
    if let Ok(s) = serde_json::from_str::<String>(literal) {
        return (s, 0);
    }
    let inner = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(literal);
    let mut out = String::with_capacity(inner.len());
    let mut bad = 0;
    let mut rest = inner;
    let hex = |s: &str| s.get(..4).and_then(|h| u16::from_str_radix(h, 16).ok());
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let Some(u) = hex(rest) else {
                    out.push('\u{fffd}');
                    bad += 1;
                    continue;
                };
                rest = &rest[4..];
                let c = match u {
                    0xD800..=0xDBFF => {
                        let low = rest.strip_prefix("\\u").and_then(hex);
                        match low {
                            Some(l @ 0xDC00..=0xDFFF) => {
                                rest = &rest[6..];
                                char::from_u32(
                                    0x10000
                                        + ((u32::from(u) - 0xD800) << 10)
                                        + (u32::from(l) - 0xDC00),
                                )
                            }
                            _ => None,
                        }
                    }
                    _ => char::from_u32(u32::from(u)),
                };
                match c {
                    Some(c) => out.push(c),
                    None => {
                        out.push('\u{fffd}');
                        bad += 1;
                    }
                }
            }
            other => out.push(other),
        }
    }
    out.push_str(rest);
    (out, bad)
}

/// Fills in the id and text of a JSON Lines record, read without rewriting it
/// (`lossy`: the line was invalid UTF-8, read from a lossy copy).
pub fn from_line(
    line: &str,
    text_field: &str,
    id_field: &str,
    lossy: bool,
    keep_record: bool,
) -> Record {
    let mut p = Record::default();
    let members: Members<'_> = match serde_json::from_str(line) {
        Ok(m) => m,
        Err(e) => {
            p.raw = Some(line.to_string());
            p.text = Err(match serde_json::from_str::<&RawValue>(line) {
                Ok(v) if raw_kind(v) != "an object" => {
                    format!("record is {}, not a JSON object", raw_kind(v))
                }
                _ => format!("malformed JSON: {e}"),
            });
            return p;
        }
    };
    p.id = raw_path(&members, id_field)
        .map(RawValue::to_owned)
        .unwrap_or_else(null_raw);
    p.text = match raw_path(&members, text_field) {
        None => Err(format!("missing field `{}`", text_field)),
        Some(v) if raw_kind(v) == "a string" => {
            let (s, lone) = json_string_lossy(v.get());
            let invalid = if lossy {
                s.matches('\u{fffd}').count()
            } else {
                lone
            };
            let mut source = SourceText::from_string(s);
            source.invalid_sequences = invalid;
            Ok(source)
        }
        Some(v) => Err(format!(
            "field `{}` is {}, not a string",
            text_field,
            raw_kind(v)
        )),
    };
    if keep_record {
        // The byte range of an `mtlint` member's value, found from where serde_json borrowed it.
        let base = line.as_ptr() as usize;
        let range = members.get("mtlint").and_then(|v| {
            let start = (v.get().as_ptr() as usize).checked_sub(base)?;
            let end = start + v.get().len();
            (end <= line.len()).then_some(start..end)
        });
        p.json = Some((line.to_string(), range));
    }
    p
}

/// Fills in the id and text of a record already parsed (a Parquet row).
pub fn from_value(
    mut record: Value,
    text_field: &str,
    id_field: &str,
    keep_record: bool,
) -> Record {
    let mut p = Record {
        id: get_path(&record, id_field)
            .and_then(|v| serde_json::value::to_raw_value(v).ok())
            .unwrap_or_else(null_raw),
        ..Record::default()
    };
    let text = if keep_record {
        get_path(&record, text_field).cloned()
    } else {
        get_path_mut(&mut record, text_field).map(Value::take)
    };
    p.text = match text {
        None => Err(format!("missing field `{}`", text_field)),
        Some(Value::String(s)) => Ok(SourceText::from_string(s)),
        Some(other) => Err(format!(
            "field `{}` is {}, not a string",
            text_field,
            kind_of(&other)
        )),
    };
    if keep_record {
        if let Value::Object(m) = &mut record {
            m.remove("mtlint");
        }
        p.json = Some((record.to_string(), None));
    }
    p
}
