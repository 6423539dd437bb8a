//! Changes to named types: fields, enum values, union alternatives, aliases, constraints.

use std::collections::{HashMap, HashSet};

use crate::ir::{Api, Constraints, Field, RustIdent, Struct, TypeDef, TypeKind, Union};

use super::render::{slot_type, value_type};
use super::usage::{Roles, Usage};
use super::{Change, ChangeKind, Impact};

/// Matches the types of both models (by pointer, then by Rust name) and compares each pair.
pub(super) fn changes(
    old: &Api,
    new: &Api,
    old_usage: &Usage,
    new_usage: &Usage,
    out: &mut Vec<Change>,
) {
    let by_pointer: HashMap<&str, usize> = new
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.pointer.as_str(), i))
        .collect();
    let by_name: HashMap<&str, usize> = new
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut matched = vec![false; new.types.len()];
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for (old_index, old_def) in old.types.iter().enumerate() {
        let found = by_pointer
            .get(old_def.pointer.as_str())
            .or_else(|| by_name.get(old_def.name.as_str()))
            .copied()
            .filter(|&i| !matched[i]);
        match found {
            Some(new_index) => {
                matched[new_index] = true;
                pairs.push((old_index, new_index));
            }
            None => removed.push(old_index),
        }
    }
    for old_index in removed {
        let def = &old.types[old_index];
        let roles = Roles::of(old_usage, Some(old_index), new_usage, None);
        let (client, server) = roles.impacts(Impact::Breaking, Impact::Breaking);
        out.push(Change {
            kind: ChangeKind::TypeRemoved,
            subject: type_subject(def),
            detail: format!("`{}` is no longer generated", def.name),
            old_pointer: Some(def.pointer.clone()),
            new_pointer: None,
            rust_items: vec![type_item(def)],
            client,
            server,
            security: false,
        });
    }
    for (old_index, new_index) in pairs {
        let roles = Roles::of(old_usage, Some(old_index), new_usage, Some(new_index));
        let pair = Pair {
            old,
            new,
            old_def: &old.types[old_index],
            new_def: &new.types[new_index],
            roles,
        };
        pair.compare(out);
    }
    for (new_index, def) in new.types.iter().enumerate() {
        if matched[new_index] {
            continue;
        }
        let roles = Roles::of(old_usage, None, new_usage, Some(new_index));
        let (client, server) = roles.impacts(Impact::Additive, Impact::Additive);
        out.push(Change {
            kind: ChangeKind::TypeAdded,
            subject: type_subject(def),
            detail: format!("new type `{}`", def.name),
            old_pointer: None,
            new_pointer: Some(def.pointer.clone()),
            rust_items: vec![type_item(def)],
            client,
            server,
            security: false,
        });
    }
}

fn type_subject(def: &TypeDef) -> String {
    match &def.component {
        Some(component) => format!("schema {component}"),
        None => format!("inline schema {}", def.name),
    }
}

fn type_item(def: &TypeDef) -> String {
    format!("types::{}", def.name)
}

/// One type of the old model and its counterpart in the new one.
struct Pair<'a> {
    old: &'a Api,
    new: &'a Api,
    old_def: &'a TypeDef,
    new_def: &'a TypeDef,
    roles: Roles,
}

impl Pair<'_> {
    fn push(
        &self,
        out: &mut Vec<Change>,
        kind: ChangeKind,
        (client, server): (Impact, Impact),
        member: Option<&str>,
        detail: String,
    ) {
        let mut subject = type_subject(self.new_def);
        let mut items = vec![type_item(self.new_def)];
        if let Some(member) = member {
            subject = format!("{subject} member {member}");
            items = vec![format!("{}::{member}", type_item(self.new_def))];
        }
        out.push(Change {
            kind,
            subject,
            detail,
            old_pointer: Some(self.old_def.pointer.clone()),
            new_pointer: Some(self.new_def.pointer.clone()),
            rust_items: items,
            client,
            server,
            security: false,
        });
    }

    fn compare(&self, out: &mut Vec<Change>) {
        let breaking = self.roles.impacts(Impact::Breaking, Impact::Breaking);
        if self.old_def.name != self.new_def.name {
            out.push(Change {
                kind: ChangeKind::TypeRenamed,
                subject: type_subject(self.new_def),
                detail: format!("`{}` → `{}`", self.old_def.name, self.new_def.name),
                old_pointer: Some(self.old_def.pointer.clone()),
                new_pointer: Some(self.new_def.pointer.clone()),
                rust_items: vec![type_item(self.old_def), type_item(self.new_def)],
                client: breaking.0,
                server: breaking.1,
                security: false,
            });
        }
        if self.old_def.docs != self.new_def.docs {
            let detail = if !self.old_def.docs.deprecated && self.new_def.docs.deprecated {
                "marked deprecated".to_owned()
            } else {
                "description or title changed".to_owned()
            };
            self.push(
                out,
                ChangeKind::DocumentationChanged,
                (Impact::None, Impact::None),
                None,
                detail,
            );
        }
        match (&self.old_def.kind, &self.new_def.kind) {
            (TypeKind::Struct(old), TypeKind::Struct(new)) => self.structs(old, new, out),
            (TypeKind::StringEnum(old), TypeKind::StringEnum(new)) => {
                let old = old.iter().map(|v| (v.wire_value.clone(), &v.rust_name));
                let new = new.iter().map(|v| (v.wire_value.clone(), &v.rust_name));
                self.enums(old.collect(), new.collect(), out);
            }
            (TypeKind::IntegerEnum(old), TypeKind::IntegerEnum(new)) => {
                let old = old.iter().map(|v| (v.value.to_string(), &v.rust_name));
                let new = new.iter().map(|v| (v.value.to_string(), &v.rust_name));
                self.enums(old.collect(), new.collect(), out);
            }
            (TypeKind::Union(old), TypeKind::Union(new)) => self.unions(old, new, out),
            (TypeKind::Alias(old), TypeKind::Alias(new))
            | (TypeKind::Newtype { ty: old, .. }, TypeKind::Newtype { ty: new, .. }) => {
                let (old_ty, new_ty) = (value_type(self.old, old), value_type(self.new, new));
                if old_ty != new_ty {
                    self.push(
                        out,
                        ChangeKind::AliasTargetChanged,
                        breaking,
                        None,
                        format!("`{old_ty}` → `{new_ty}`"),
                    );
                }
            }
            (old, new) => self.push(
                out,
                ChangeKind::TypeKindChanged,
                breaking,
                None,
                format!("{} → {}", kind_word(old), kind_word(new)),
            ),
        }
    }

    fn structs(&self, old: &Struct, new: &Struct, out: &mut Vec<Change>) {
        let breaking = self.roles.impacts(Impact::Breaking, Impact::Breaking);
        let all_optional = |s: &Struct| s.fields.iter().all(|f| !f.required);
        let old_names: HashSet<&str> = old.fields.iter().map(|f| f.wire_name.as_str()).collect();
        let new_by_name: HashMap<&str, &Field> = new
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f))
            .collect();
        for old_field in &old.fields {
            let Some(new_field) = new_by_name.get(old_field.wire_name.as_str()).copied() else {
                self.push(
                    out,
                    ChangeKind::FieldRemoved,
                    breaking,
                    Some(old_field.rust_name.as_str()),
                    format!("property `{}` removed", old_field.wire_name),
                );
                continue;
            };
            self.field(old_field, new_field, out);
        }
        for new_field in &new.fields {
            if old_names.contains(new_field.wire_name.as_str()) {
                continue;
            }
            let ty = slot_type(self.new, &new_field.ty, new_field.required);
            let (kind, mut detail) = if new_field.required {
                (
                    ChangeKind::RequiredFieldAdded,
                    format!("required property `{}`: `{ty}`", new_field.wire_name),
                )
            } else {
                (
                    ChangeKind::OptionalFieldAdded,
                    format!("optional property `{}`: `{ty}`", new_field.wire_name),
                )
            };
            detail.push_str("; struct literals that build it must name the new field");
            if !new_field.required && all_optional(old) && all_optional(new) {
                detail.push_str(" (`..Default::default()` keeps compiling)");
            }
            self.push(
                out,
                kind,
                self.roles.impacts(Impact::Breaking, Impact::Additive),
                Some(new_field.rust_name.as_str()),
                detail,
            );
        }
        let old_extra = old.additional.as_ref().map(|t| value_type(self.old, t));
        let new_extra = new.additional.as_ref().map(|t| value_type(self.new, t));
        if old_extra != new_extra {
            let impacts = match (&old_extra, &new_extra) {
                (None, Some(_)) => self.roles.impacts(Impact::Breaking, Impact::Additive),
                _ => breaking,
            };
            let show = |t: &Option<String>| t.as_deref().unwrap_or("none").to_owned();
            self.push(
                out,
                ChangeKind::AdditionalPropertiesChanged,
                impacts,
                Some("additional_properties"),
                format!(
                    "additionalProperties `{}` → `{}`",
                    show(&old_extra),
                    show(&new_extra)
                ),
            );
        }
    }

    fn field(&self, old: &Field, new: &Field, out: &mut Vec<Change>) {
        let breaking = self.roles.impacts(Impact::Breaking, Impact::Breaking);
        let member = Some(new.rust_name.as_str());
        let old_ty = slot_type(self.old, &old.ty, old.required);
        let new_ty = slot_type(self.new, &new.ty, new.required);
        if old.rust_name != new.rust_name {
            self.push(
                out,
                ChangeKind::FieldRenamed,
                breaking,
                member,
                format!("`{}` → `{}`", old.rust_name, new.rust_name),
            );
        }
        if old_ty != new_ty {
            let kind = match (old.required, new.required) {
                (false, true) => ChangeKind::FieldMadeRequired,
                (true, false) => ChangeKind::FieldMadeOptional,
                _ => ChangeKind::FieldTypeChanged,
            };
            self.push(
                out,
                kind,
                breaking,
                member,
                format!("`{old_ty}` → `{new_ty}`"),
            );
        } else if old.required != new.required {
            let kind = if new.required {
                ChangeKind::FieldMadeRequired
            } else {
                ChangeKind::FieldMadeOptional
            };
            let detail = format!(
                "`{}` is now {} (the Rust type stays `{new_ty}`)",
                new.wire_name,
                if new.required { "required" } else { "optional" }
            );
            let impacts = if new.required {
                self.roles.tightened()
            } else {
                (Impact::None, Impact::None)
            };
            self.push(out, kind, impacts, member, detail);
        }
        if let Some((tightened, detail)) = constraint_change(&old.constraints, &new.constraints) {
            let (kind, impacts) = if tightened {
                (ChangeKind::ConstraintTightened, self.roles.tightened())
            } else {
                (ChangeKind::ConstraintLoosened, (Impact::None, Impact::None))
            };
            self.push(out, kind, impacts, member, detail);
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                out,
                ChangeKind::FieldDeprecated,
                (Impact::None, Impact::None),
                member,
                "marked deprecated (documentation only: fields carry no `#[deprecated]`)"
                    .to_owned(),
            );
        } else if old.docs != new.docs {
            self.push(
                out,
                ChangeKind::DocumentationChanged,
                (Impact::None, Impact::None),
                member,
                "description or title changed".to_owned(),
            );
        }
    }

    fn enums(
        &self,
        old: Vec<(String, &RustIdent)>,
        new: Vec<(String, &RustIdent)>,
        out: &mut Vec<Change>,
    ) {
        let breaking = self.roles.impacts(Impact::Breaking, Impact::Breaking);
        let old_values: HashSet<&str> = old.iter().map(|(v, _)| v.as_str()).collect();
        let new_by_value: HashMap<&str, &RustIdent> =
            new.iter().map(|(v, name)| (v.as_str(), *name)).collect();
        for (value, name) in &old {
            match new_by_value.get(value.as_str()).map(|name| (value, *name)) {
                None => self.push(
                    out,
                    ChangeKind::EnumValueRemoved,
                    breaking,
                    Some(name.as_str()),
                    format!("value `{value}` removed"),
                ),
                Some((_, new_name)) if new_name != *name => self.push(
                    out,
                    ChangeKind::EnumVariantRenamed,
                    breaking,
                    Some(new_name.as_str()),
                    format!("value `{value}`: variant `{name}` → `{new_name}`"),
                ),
                Some(_) => {}
            }
        }
        for (value, name) in &new {
            if old_values.contains(value.as_str()) {
                continue;
            }
            self.push(
                out,
                ChangeKind::EnumValueAdded,
                self.roles.impacts(Impact::Additive, Impact::Breaking),
                Some(name.as_str()),
                format!("value `{value}` added; exhaustive `match`es must handle it"),
            );
        }
    }

    fn unions(&self, old: &Union, new: &Union, out: &mut Vec<Change>) {
        let breaking = self.roles.impacts(Impact::Breaking, Impact::Breaking);
        for old_variant in &old.variants {
            match new
                .variants
                .iter()
                .find(|v| v.rust_name == old_variant.rust_name)
            {
                None => self.push(
                    out,
                    ChangeKind::UnionVariantRemoved,
                    breaking,
                    Some(old_variant.rust_name.as_str()),
                    "alternative removed".to_owned(),
                ),
                Some(new_variant) => {
                    let old_ty = value_type(self.old, &old_variant.ty);
                    let new_ty = value_type(self.new, &new_variant.ty);
                    if old_ty != new_ty || old_variant.constant != new_variant.constant {
                        self.push(
                            out,
                            ChangeKind::UnionVariantTypeChanged,
                            breaking,
                            Some(new_variant.rust_name.as_str()),
                            format!("`{old_ty}` → `{new_ty}`"),
                        );
                    }
                }
            }
        }
        for new_variant in &new.variants {
            if old
                .variants
                .iter()
                .any(|v| v.rust_name == new_variant.rust_name)
            {
                continue;
            }
            self.push(
                out,
                ChangeKind::UnionVariantAdded,
                self.roles.impacts(Impact::Additive, Impact::Breaking),
                Some(new_variant.rust_name.as_str()),
                format!(
                    "alternative `{}` added; exhaustive `match`es must handle it",
                    value_type(self.new, &new_variant.ty)
                ),
            );
        }
        if old.discriminator != new.discriminator || old.kind != new.kind {
            self.push(
                out,
                ChangeKind::TypeKindChanged,
                self.roles.tightened(),
                None,
                "the union's keyword or discriminator changed (same Rust shape, other JSON)"
                    .to_owned(),
            );
        }
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::StringEnum(_) => "string enum",
        TypeKind::IntegerEnum(_) => "integer enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
        TypeKind::Newtype { .. } => "newtype",
    }
}

/// Whether `new` rejects values `old` accepted (`true`) or only accepts more (`false`), with
/// the keywords that changed; `None` when they are equal.
pub(super) fn constraint_change(old: &Constraints, new: &Constraints) -> Option<(bool, String)> {
    if old == new {
        return None;
    }
    let mut tightened = false;
    let mut words = Vec::new();
    let mut lower_bound = |name: &str, old: Option<f64>, new: Option<f64>| {
        if old != new {
            tightened |= match (old, new) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(o), Some(n)) => n > o,
            };
            words.push(format!("{name} {} → {}", show(old), show(new)));
        }
    };
    let as_f64 = |v: Option<usize>| v.map(|v| v as f64);
    lower_bound("minLength", as_f64(old.min_length), as_f64(new.min_length));
    lower_bound("minimum", old.minimum, new.minimum);
    lower_bound("minItems", as_f64(old.min_items), as_f64(new.min_items));
    let mut upper_bound = |name: &str, old: Option<f64>, new: Option<f64>| {
        if old != new {
            tightened |= match (old, new) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(o), Some(n)) => n < o,
            };
            words.push(format!("{name} {} → {}", show(old), show(new)));
        }
    };
    upper_bound("maxLength", as_f64(old.max_length), as_f64(new.max_length));
    upper_bound("maximum", old.maximum, new.maximum);
    upper_bound("maxItems", as_f64(old.max_items), as_f64(new.max_items));
    if old.pattern != new.pattern {
        tightened |= new.pattern.is_some();
        words.push(format!(
            "pattern `{}` → `{}`",
            old.pattern.as_deref().unwrap_or("none"),
            new.pattern.as_deref().unwrap_or("none")
        ));
    }
    if old.exclusive_minimum != new.exclusive_minimum {
        tightened |= new.exclusive_minimum;
        words.push(format!("exclusiveMinimum → {}", new.exclusive_minimum));
    }
    if old.exclusive_maximum != new.exclusive_maximum {
        tightened |= new.exclusive_maximum;
        words.push(format!("exclusiveMaximum → {}", new.exclusive_maximum));
    }
    Some((tightened, words.join(", ")))
}

fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}
