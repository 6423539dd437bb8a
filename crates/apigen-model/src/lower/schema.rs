//! Schemas → named types and type uses.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowering;
use crate::ir::{
    Constraints, Docs, Field, IntegerFormat, IntegerVariant, NumberFormat, StringVariant, Struct,
    TypeDef, TypeKind, TypeRef, Union, UnionKind, UnionVariant,
};
use crate::naming::{Claimed, Namespace, RustIdent, ident_or_type_name, type_name, value_name};
use crate::pointer::Pointer;

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaUse<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaUse<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaUse::Ref(reference),
            ReferenceOr::Item(schema) => SchemaUse::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaUse<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaUse::Ref(reference),
            ReferenceOr::Item(schema) => SchemaUse::Item(schema),
        }
    }
}

/// The properties part of an object schema, with where it sits.
struct ObjectPart<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    pointer: Pointer,
}

/// A schema reduced to what decides its Rust shape; `AnySchema` (no or mixed `type`) is read
/// through the same lens as typed schemas.
enum Shape<'a> {
    String {
        format: &'a str,
        values: Vec<(usize, Option<String>)>,
    },
    Integer {
        format: &'a str,
        values: Vec<(usize, Option<i64>)>,
    },
    Number {
        format: &'a str,
    },
    Boolean,
    Object(ObjectParts<'a>),
    Array {
        items: Option<&'a ReferenceOr<Box<Schema>>>,
    },
    Union {
        kind: UnionKind,
        members: &'a [ReferenceOr<Schema>],
    },
    AllOf {
        members: &'a [ReferenceOr<Schema>],
        own: Option<ObjectParts<'a>>,
    },
    Not,
    Null,
    Any,
}

#[derive(Clone, Copy)]
struct ObjectParts<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

fn format_str(format: &VariantOrUnknownOrEmpty<impl FormatName>) -> &str {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => item.name(),
        VariantOrUnknownOrEmpty::Unknown(name) => name,
        VariantOrUnknownOrEmpty::Empty => "",
    }
}

trait FormatName {
    fn name(&self) -> &'static str;
}

impl FormatName for StringFormat {
    fn name(&self) -> &'static str {
        match self {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }
    }
}

impl FormatName for openapiv3::IntegerFormat {
    fn name(&self) -> &'static str {
        match self {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }
    }
}

impl FormatName for openapiv3::NumberFormat {
    fn name(&self) -> &'static str {
        match self {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }
    }
}

fn shape_of(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            format: format_str(&s.format),
            values: s.enumeration.iter().cloned().enumerate().collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: format_str(&i.format),
            values: i.enumeration.iter().copied().enumerate().collect(),
        },
        SchemaKind::Type(Type::Number(n)) => Shape::Number {
            format: format_str(&n.format),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => Shape::Object(ObjectParts {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(a)) => Shape::Array {
            items: a.items.as_ref(),
        },
        SchemaKind::OneOf { one_of } => Shape::Union {
            kind: UnionKind::OneOf,
            members: one_of,
        },
        SchemaKind::AnyOf { any_of } => Shape::Union {
            kind: UnionKind::AnyOf,
            members: any_of,
        },
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: all_of,
            own: None,
        },
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => shape_of_any(any),
    }
}

fn shape_of_any(any: &AnySchema) -> Shape<'_> {
    let parts = ObjectParts {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    };
    let has_object_parts = !any.properties.is_empty() || any.additional_properties.is_some();
    if !any.all_of.is_empty() {
        return Shape::AllOf {
            members: &any.all_of,
            own: has_object_parts.then_some(parts),
        };
    }
    if !any.one_of.is_empty() {
        return Shape::Union {
            kind: UnionKind::OneOf,
            members: &any.one_of,
        };
    }
    if !any.any_of.is_empty() {
        return Shape::Union {
            kind: UnionKind::AnyOf,
            members: &any.any_of,
        };
    }
    if any.not.is_some() {
        return Shape::Not;
    }
    let format = any.format.as_deref().unwrap_or("");
    match any.typ.as_deref() {
        Some("object") => Shape::Object(parts),
        Some("array") => Shape::Array {
            items: any.items.as_ref(),
        },
        Some("string") => Shape::String {
            format,
            values: any_values(&any.enumeration, |v| v.as_str().map(str::to_owned)),
        },
        Some("integer") => Shape::Integer {
            format,
            values: any_values(&any.enumeration, Value::as_i64),
        },
        Some("number") => Shape::Number { format },
        Some("boolean") => Shape::Boolean,
        Some("null") => Shape::Null,
        _ if has_object_parts => Shape::Object(parts),
        _ if any.items.is_some() => Shape::Array {
            items: any.items.as_ref(),
        },
        _ if !any.enumeration.is_empty()
            && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
        {
            Shape::String {
                format,
                values: any_values(&any.enumeration, |v| v.as_str().map(str::to_owned)),
            }
        }
        _ if !any.enumeration.is_empty()
            && any.enumeration.iter().all(|v| v.is_i64() || v.is_null()) =>
        {
            Shape::Integer {
                format,
                values: any_values(&any.enumeration, Value::as_i64),
            }
        }
        _ if !any.enumeration.is_empty() && any.enumeration.iter().all(Value::is_null) => {
            Shape::Null
        }
        _ => Shape::Any,
    }
}

fn any_values<T>(
    values: &[Value],
    convert: impl Fn(&Value) -> Option<T>,
) -> Vec<(usize, Option<T>)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(index, value)| {
            if value.is_null() {
                Some((index, None))
            } else {
                convert(value).map(|v| (index, Some(v)))
            }
        })
        .collect()
}

/// True for a schema that only admits `null` (`enum: [null]`, drf-spectacular's `NullEnum`).
fn is_null_only_shape(shape: &Shape<'_>) -> bool {
    match shape {
        Shape::Null => true,
        Shape::String { values, .. } => {
            !values.is_empty() && values.iter().all(|(_, v)| v.is_none())
        }
        Shape::Integer { values, .. } => {
            !values.is_empty() && values.iter().all(|(_, v)| v.is_none())
        }
        _ => false,
    }
}

fn admits_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match shape_of(schema) {
            Shape::String { values, .. } => values.iter().any(|(_, v)| v.is_none()),
            Shape::Integer { values, .. } => values.iter().any(|(_, v)| v.is_none()),
            Shape::Null => true,
            _ => false,
        }
}

/// Documentation of a schema.
pub(crate) fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
    }
}

/// The validation keywords of a schema.
pub(crate) fn constraints_of(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            min_length: s.min_length,
            max_length: s.max_length,
            pattern: s.pattern.clone(),
            format: checked_format(&s.format),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: i.minimum.map(|v| v as f64),
            maximum: i.maximum.map(|v| v as f64),
            exclusive_minimum: i.exclusive_minimum,
            exclusive_maximum: i.exclusive_maximum,
            multiple_of: i.multiple_of.map(|v| v as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: n.minimum,
            maximum: n.maximum,
            exclusive_minimum: n.exclusive_minimum,
            exclusive_maximum: n.exclusive_maximum,
            multiple_of: n.multiple_of,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items,
            max_items: a.max_items,
            unique_items: a.unique_items,
            items: item_constraints(a.items.as_ref()),
            ..Constraints::default()
        },
        SchemaKind::Any(any) => Constraints {
            min_length: any.min_length,
            max_length: any.max_length,
            pattern: any.pattern.clone(),
            minimum: any.minimum,
            maximum: any.maximum,
            exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
            exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
            min_items: any.min_items,
            max_items: any.max_items,
            multiple_of: any.multiple_of,
            unique_items: any.unique_items.unwrap_or(false),
            format: any.format.as_deref().and_then(checked_format_name),
            items: item_constraints(any.items.as_ref()),
        },
        _ => Constraints::default(),
    }
}

/// The constraints of an inline `items` schema, when it has any.
fn item_constraints(items: Option<&ReferenceOr<Box<Schema>>>) -> Option<Box<Constraints>> {
    let constraints = constraints_of(items?.as_item()?);
    (!constraints.is_empty()).then(|| Box::new(constraints))
}

/// The `format` of a string when it is one the server checks and the Rust type does not
/// already enforce (`uuid`, `date` and `date-time` have their own types).
fn checked_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Unknown(name) => checked_format_name(name),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".to_owned()),
        _ => None,
    }
}

/// `name` when the server checks it: `email`, `uri`, `hostname`, `ipv4`, `ipv6`, `time`.
fn checked_format_name(name: &str) -> Option<String> {
    matches!(
        name,
        "email" | "uri" | "hostname" | "ipv4" | "ipv6" | "time"
    )
    .then(|| name.to_owned())
}

fn string_list_extension(data: &SchemaData, key: &str) -> Vec<Option<String>> {
    match data.extensions.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

impl<'a> Lowering<'a> {
    /// True when the component behind `reference` admits `null` itself.
    pub(crate) fn component_is_nullable(&self, reference: &str) -> bool {
        matches!(self.component_schema(reference), Some((_, ReferenceOr::Item(schema))) if admits_null(schema))
    }

    fn is_null_only(&self, member: SchemaUse<'a>) -> bool {
        match member {
            SchemaUse::Item(schema) => is_null_only_shape(&shape_of(schema)),
            SchemaUse::Ref(reference) => matches!(
                self.component_schema(reference),
                Some((_, ReferenceOr::Item(schema))) if is_null_only_shape(&shape_of(schema))
            ),
        }
    }

    /// The type of a schema use; an inline schema that needs a named type gets one called `hint`.
    pub(crate) fn lower_use(
        &mut self,
        schema: SchemaUse<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        let schema = match schema {
            SchemaUse::Ref(reference) => return self.schema_ref_target(reference, pointer),
            SchemaUse::Item(schema) => schema,
        };
        if self.schema_depth >= self.max_schema_depth {
            self.problem(
                pointer,
                format!(
                    "inline schemas nested deeper than {} levels (limit `max_schema_depth` = {}): name the inner schemas as components",
                    self.max_schema_depth, self.max_schema_depth
                ),
            );
            return TypeRef::Json;
        }
        self.schema_depth += 1;
        let ty = self.lower_inline(schema, hint, pointer);
        self.schema_depth -= 1;
        ty
    }

    /// The type of an inline schema (see [`Lowering::lower_use`]).
    fn lower_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &Pointer) -> TypeRef {
        let shape = shape_of(schema);
        let ty = if self.needs_named_type(&shape) {
            let (id, name) = self.reserve_type(type_name(hint), None);
            let def = self.lower_named_schema(schema, name, None, pointer);
            let nullable = def.nullable;
            self.fill_type(id, def);
            let ty = TypeRef::Named(id);
            return if nullable { ty.nullable() } else { ty };
        } else {
            self.check_lossy_keywords(schema, pointer);
            self.lower_anonymous(shape, hint, pointer)
        };
        if admits_null(schema) {
            ty.nullable()
        } else {
            ty
        }
    }

    fn needs_named_type(&self, shape: &Shape<'a>) -> bool {
        match shape {
            Shape::String { values, .. } => values.iter().any(|(_, v)| v.is_some()),
            Shape::Integer { values, .. } => values.iter().any(|(_, v)| v.is_some()),
            Shape::Object(parts) => is_struct(parts),
            Shape::Union { members, .. } => self.non_null_members(members).count() > 1,
            Shape::AllOf { members, own } => members.len() > 1 || own.is_some(),
            _ => false,
        }
    }

    fn non_null_members(
        &self,
        members: &'a [ReferenceOr<Schema>],
    ) -> impl Iterator<Item = (usize, SchemaUse<'a>)> + '_ {
        members
            .iter()
            .map(SchemaUse::from)
            .enumerate()
            .filter(|(_, member)| !self.is_null_only(*member))
    }

    /// A shape that needs no named type: a primitive, a container or a transparent wrapper.
    fn lower_anonymous(&mut self, shape: Shape<'a>, hint: &str, pointer: &Pointer) -> TypeRef {
        match shape {
            Shape::String { format, .. } => match format {
                "uuid" => TypeRef::Uuid,
                "date-time" => TypeRef::DateTime,
                "date" => TypeRef::Date,
                "binary" => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            Shape::Integer { format, .. } => TypeRef::Integer(if format == "int32" {
                IntegerFormat::I32
            } else {
                IntegerFormat::I64
            }),
            Shape::Number { format } => TypeRef::Number(if format == "float" {
                NumberFormat::F32
            } else {
                NumberFormat::F64
            }),
            Shape::Boolean => TypeRef::Boolean,
            Shape::Object(parts) => TypeRef::Map(Box::new(self.lower_additional(
                parts.additional,
                hint,
                pointer,
            ))),
            Shape::Array { items } => match items {
                Some(items) => TypeRef::Array(Box::new(self.lower_use(
                    items.into(),
                    &format!("{hint}Item"),
                    &pointer.join("items"),
                ))),
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Shape::Union { members, kind } => {
                let keyword = match kind {
                    UnionKind::OneOf => "oneOf",
                    UnionKind::AnyOf => "anyOf",
                };
                let single = self.non_null_members(members).next();
                match single {
                    Some((index, member)) => {
                        let ty = self.lower_use(
                            member,
                            hint,
                            &pointer.join(keyword).join(index.to_string()),
                        );
                        if members.len() > 1 { ty.nullable() } else { ty }
                    }
                    None => TypeRef::Json.nullable(),
                }
            }
            Shape::AllOf { members, .. } => match members.first() {
                Some(member) => {
                    self.lower_use(member.into(), hint, &pointer.join("allOf").join("0"))
                }
                None => TypeRef::Json,
            },
            Shape::Not => {
                self.warn(
                    pointer,
                    "`not` cannot be expressed as a Rust type: any JSON value is accepted",
                );
                TypeRef::Json
            }
            Shape::Null => TypeRef::Json.nullable(),
            Shape::Any => TypeRef::Json,
        }
    }

    fn lower_additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => self.lower_use(
                schema.as_ref().into(),
                &format!("{hint}Value"),
                &pointer.join("additionalProperties"),
            ),
            _ => TypeRef::Json,
        }
    }

    /// A named type for `schema` (a component, or an inline schema that needs a name).
    pub(crate) fn lower_named_schema(
        &mut self,
        schema: &'a Schema,
        name: RustIdent,
        component: Option<String>,
        pointer: &Pointer,
    ) -> TypeDef {
        self.check_lossy_keywords(schema, pointer);
        let data = &schema.schema_data;
        let mut nullable = admits_null(schema);
        let shape = shape_of(schema);
        let named = self.needs_named_type(&shape);
        let kind = match shape {
            Shape::String { values, .. } if named => {
                TypeKind::StringEnum(self.string_variants(&values, data, pointer))
            }
            Shape::Integer { values, .. } if named => {
                TypeKind::IntegerEnum(self.integer_variants(&values, data, pointer))
            }
            Shape::Object(parts) if named => {
                let part = ObjectPart {
                    properties: parts.properties,
                    required: parts.required,
                    additional: parts.additional,
                    pointer: pointer.clone(),
                };
                TypeKind::Struct(self.lower_struct(&[part], name.as_str()))
            }
            Shape::Union { kind, members } if named => {
                if members
                    .iter()
                    .any(|member| self.is_null_only(member.into()))
                {
                    nullable = true;
                }
                TypeKind::Union(self.lower_union(
                    kind,
                    members,
                    data.discriminator.as_ref(),
                    name.as_str(),
                    pointer,
                ))
            }
            Shape::AllOf { members, own } if named => {
                self.lower_all_of(members, own, name.as_str(), pointer)
            }
            shape => {
                let target = self.lower_anonymous(shape, name.as_str(), pointer);
                TypeKind::Alias(target)
            }
        };
        TypeDef {
            name,
            component,
            pointer: pointer.as_str().to_owned(),
            docs: docs_of(data),
            nullable,
            in_request: false,
            kind,
        }
    }

    fn string_variants(
        &mut self,
        values: &[(usize, Option<String>)],
        data: &SchemaData,
        pointer: &Pointer,
    ) -> Vec<StringVariant> {
        self.enum_variants(values, data, String::clone, pointer)
            .into_iter()
            .map(|(wire_value, rust_name, description)| StringVariant {
                wire_value,
                rust_name,
                description,
            })
            .collect()
    }

    fn integer_variants(
        &mut self,
        values: &[(usize, Option<i64>)],
        data: &SchemaData,
        pointer: &Pointer,
    ) -> Vec<IntegerVariant> {
        self.enum_variants(values, data, i64::to_string, pointer)
            .into_iter()
            .map(|(value, rust_name, description)| IntegerVariant {
                value,
                rust_name,
                description,
            })
            .collect()
    }

    fn lower_struct(&mut self, parts: &[ObjectPart<'a>], name: &str) -> Struct {
        let mut fields: Vec<Field> = Vec::new();
        let mut namespace = Namespace::default();
        let required: HashSet<&str> = parts
            .iter()
            .flat_map(|part| part.required.iter().map(String::as_str))
            .collect();
        let mut additional = None;
        let closed = parts
            .iter()
            .any(|part| matches!(part.additional, Some(AdditionalProperties::Any(false))));
        for part in parts {
            for (wire_name, property) in part.properties {
                let pointer = part.pointer.join("properties").join(wire_name);
                let hint = format!("{name}{}", type_name(wire_name));
                let ty = self.lower_use(property.into(), &hint, &pointer);
                let (docs, read_only, write_only, default, constraints) = match property {
                    ReferenceOr::Item(schema) => (
                        docs_of(&schema.schema_data),
                        schema.schema_data.read_only,
                        schema.schema_data.write_only,
                        schema.schema_data.default.clone(),
                        constraints_of(schema),
                    ),
                    ReferenceOr::Reference { .. } => Default::default(),
                };
                let existing = fields
                    .iter()
                    .position(|existing| existing.wire_name == *wire_name);
                let rust_name = match existing {
                    Some(index) => fields[index].rust_name.clone(),
                    None => self.named(
                        &pointer,
                        &format!("property `{wire_name}`"),
                        namespace.claim_reporting(value_name(wire_name)),
                    ),
                };
                let field = Field {
                    wire_name: wire_name.clone(),
                    rust_name,
                    ty,
                    required: required.contains(wire_name.as_str()),
                    required_in_requests: required.contains(wire_name.as_str()) && !read_only,
                    read_only,
                    write_only,
                    boxed: false,
                    default,
                    constraints,
                    docs,
                };
                match existing {
                    Some(index) => fields[index] = field,
                    None => fields.push(field),
                }
            }
            if let Some(AdditionalProperties::Schema(_)) = part.additional {
                additional = Some(self.lower_additional(part.additional, name, &part.pointer));
            }
        }
        Struct {
            fields,
            additional,
            closed,
        }
    }

    fn lower_union(
        &mut self,
        kind: UnionKind,
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        name: &str,
        pointer: &Pointer,
    ) -> Union {
        let keyword = match kind {
            UnionKind::OneOf => "oneOf",
            UnionKind::AnyOf => "anyOf",
        };
        let mut namespace = Namespace::default();
        let mut variants = Vec::new();
        let members: Vec<_> = self.non_null_members(members).collect();
        for (index, member) in members {
            let member_pointer = pointer.join(keyword).join(index.to_string());
            let (title, description) = match member {
                SchemaUse::Item(schema) => (
                    schema.schema_data.title.as_deref(),
                    schema.schema_data.description.clone(),
                ),
                SchemaUse::Ref(_) => (None, None),
            };
            if let SchemaUse::Item(schema) = member
                && let Some(constant) = single_string_value(schema)
                && discriminator.is_none()
            {
                let base = type_name(title.unwrap_or(&constant));
                variants.push(UnionVariant {
                    rust_name: namespace.claim(base),
                    ty: TypeRef::String,
                    constant: Some(constant),
                    description,
                    tag_values: Vec::new(),
                    boxed: false,
                });
                continue;
            }
            let hint = match title {
                Some(title) => format!("{name}{}", type_name(title)),
                None => format!("{name}Variant{}", index + 1),
            };
            let ty = self.lower_use(member, &hint, &member_pointer);
            let base = match (member, ty.non_null()) {
                (SchemaUse::Ref(_), TypeRef::Named(id)) => self
                    .type_name_of(*id)
                    .cloned()
                    .unwrap_or_else(|| type_name("Variant")),
                (_, TypeRef::Named(_)) => title
                    .map(type_name)
                    .unwrap_or_else(|| ident_or_type_name(&format!("Variant{}", index + 1))),
                (_, other) => title
                    .map(type_name)
                    .unwrap_or_else(|| ident_or_type_name(type_label(other))),
            };
            let tag_values = match (discriminator, member) {
                (Some(discriminator), SchemaUse::Ref(reference)) => {
                    let mut values = tag_values_for(discriminator, reference);
                    if discriminator.mapping.is_empty()
                        && let Some(declared) =
                            self.declared_tag(reference, &discriminator.property_name)
                        && !values.contains(&declared)
                    {
                        values.push(declared);
                    }
                    values
                }
                (Some(_), SchemaUse::Item(_)) => {
                    self.warn(&member_pointer, "an inline alternative of a discriminated union has no tag value: it is matched by shape");
                    Vec::new()
                }
                (None, _) => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: namespace.claim(base),
                ty,
                constant: None,
                description,
                tag_values,
                boxed: false,
            });
        }
        let mut seen = HashSet::new();
        for variant in &mut variants {
            variant
                .tag_values
                .retain(|value| seen.insert(value.clone()));
        }
        Union {
            kind,
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        }
    }

    /// The single `enum` value the component behind `reference` declares for the
    /// discriminator `property`: the tag its data carries when the mapping is left implicit
    /// (Spotify's `type: {enum: [track]}` on `TrackObject`), accepted beside the component name.
    fn declared_tag(&self, reference: &str, property: &str) -> Option<String> {
        let component = super::component_name(reference, "schemas")?;
        let ReferenceOr::Item(schema) = self.components.schemas.get(&component)? else {
            return None;
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return None;
        };
        let ReferenceOr::Item(declared) = object.properties.get(property)? else {
            return None;
        };
        single_string_value(declared)
    }

    fn lower_all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<ObjectParts<'a>>,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let mut parts = Vec::new();
        let mut pending: Vec<PartTask<'a>> = Vec::new();
        if let Some(own) = own {
            pending.push(PartTask::Own(ObjectPart {
                properties: own.properties,
                required: own.required,
                additional: own.additional,
                pointer: pointer.clone(),
            }));
        }
        push_members(&mut pending, members, pointer);
        self.collect_object_parts(pending, &mut parts);
        TypeKind::Struct(self.lower_struct(&parts, name))
    }

    /// Gathers the object parts of `allOf` members in order, following references and nested
    /// `allOf`s with an explicit stack (a chain of components as long as the document allows
    /// cannot overflow it), each component at most once; a member that is not an object is
    /// left out with a warning.
    fn collect_object_parts(
        &mut self,
        mut pending: Vec<PartTask<'a>>,
        parts: &mut Vec<ObjectPart<'a>>,
    ) {
        let mut visited: HashSet<&'a str> = HashSet::new();
        while let Some(task) = pending.pop() {
            let (member, member_pointer) = match task {
                PartTask::Own(part) => {
                    parts.push(part);
                    continue;
                }
                PartTask::Member(member, pointer) => (member, pointer),
            };
            let Some((schema, pointer)) =
                self.resolve_all_of_member(member, &member_pointer, &mut visited)
            else {
                continue;
            };
            match shape_of(schema) {
                Shape::Object(object) => parts.push(ObjectPart {
                    properties: object.properties,
                    required: object.required,
                    additional: object.additional,
                    pointer,
                }),
                Shape::AllOf { members, own } => {
                    if let Some(own) = own {
                        pending.push(PartTask::Own(ObjectPart {
                            properties: own.properties,
                            required: own.required,
                            additional: own.additional,
                            pointer: pointer.clone(),
                        }));
                    }
                    push_members(&mut pending, members, &pointer);
                }
                Shape::Any => {}
                _ => self.warn(&member_pointer, "an `allOf` member that is not an object cannot be merged into a struct: it is left out"),
            }
        }
    }

    /// The schema an `allOf` member stands for and its pointer, following `$ref` chains; `None`
    /// for a component already merged or a dangling reference (a problem).
    fn resolve_all_of_member(
        &mut self,
        member: SchemaUse<'a>,
        member_pointer: &Pointer,
        visited: &mut HashSet<&'a str>,
    ) -> Option<(&'a Schema, Pointer)> {
        let mut reference = match member {
            SchemaUse::Item(schema) => return Some((schema, member_pointer.clone())),
            SchemaUse::Ref(reference) => reference,
        };
        loop {
            if !visited.insert(reference) {
                return None;
            }
            match self.component_schema(reference) {
                Some((_, ReferenceOr::Item(schema))) => {
                    let name = super::component_name(reference, "schemas").unwrap_or_default();
                    let pointer = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(name);
                    return Some((schema, pointer));
                }
                Some((_, ReferenceOr::Reference { reference: next })) => reference = next,
                None => {
                    self.problem(
                        member_pointer,
                        super::unresolved_message(reference, "schemas"),
                    );
                    return None;
                }
            }
        }
    }

    /// The distinct non-null values of an enum with their Rust names (`x-enum-varnames`, else
    /// from the value) and descriptions (`x-enum-descriptions`), matched by position in `enum`.
    fn enum_variants<T: Clone + Eq + std::hash::Hash + std::fmt::Debug>(
        &mut self,
        values: &[(usize, Option<T>)],
        data: &SchemaData,
        default_name: impl Fn(&T) -> String,
        pointer: &Pointer,
    ) -> Vec<(T, RustIdent, Option<String>)> {
        let names = string_list_extension(data, "x-enum-varnames");
        let descriptions = string_list_extension(data, "x-enum-descriptions");
        let mut namespace = Namespace::default();
        let mut seen = HashSet::new();
        let mut variants = Vec::new();
        for (index, value) in values {
            let Some(value) = value else { continue };
            if !seen.insert(value.clone()) {
                self.warn(
                    &pointer.join("enum").join(index.to_string()),
                    format!("enum value {value:?} is listed twice: it becomes one variant"),
                );
                continue;
            }
            let base = names
                .get(*index)
                .cloned()
                .flatten()
                .unwrap_or_else(|| default_name(value));
            let description = descriptions.get(*index).cloned().flatten();
            let claimed: Claimed = namespace.claim_reporting(type_name(&base));
            let rust_name = self.named(
                &pointer.join("enum").join(index.to_string()),
                &format!("the variant for enum value {value:?}"),
                claimed,
            );
            variants.push((value.clone(), rust_name, description));
        }
        variants
    }

    /// Reports what the generated code would silently get wrong in `schema`: `enum` values that
    /// are not of the schema's type (or not an `i64`), which the Rust enum cannot hold, and a
    /// `pattern` that the runtime's regex engine (`regex-lite`, as used by the generated
    /// server) cannot compile, which would never be checked.
    fn check_lossy_keywords(&mut self, schema: &Schema, pointer: &Pointer) {
        if let SchemaKind::Any(any) = &schema.schema_kind {
            let integer = match shape_of_any(any) {
                Shape::String { .. } => Some(false),
                Shape::Integer { .. } => Some(true),
                _ => None,
            };
            if let Some(integer) = integer {
                let expected = if integer {
                    "an integer that fits in 64 bits"
                } else {
                    "a string"
                };
                for (index, value) in any.enumeration.iter().enumerate() {
                    let fits = if integer {
                        value.is_i64()
                    } else {
                        value.is_string()
                    };
                    if !value.is_null() && !fits {
                        self.lossy(
                            &pointer.join("enum").join(index.to_string()),
                            format!("enum value {value} is not {expected}: the generated enum would leave it out"),
                        );
                    }
                }
            }
        }
        let pattern = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.pattern.as_deref(),
            SchemaKind::Any(any) => any.pattern.as_deref(),
            _ => None,
        };
        if let Some(pattern) = pattern
            && let Err(error) = regex_lite::Regex::new(pattern)
        {
            let reason = error.to_string();
            let reason = reason.lines().last().unwrap_or_default().trim();
            self.lossy(
                &pointer.join("pattern"),
                format!("pattern {pattern:?} is not a regular expression the generated server can check ({reason}): values would not be checked against it"),
            );
        }
    }
}

/// Work left while gathering the parts of an `allOf`: a member to resolve (with its pointer), or
/// a schema's own properties to add after its members.
enum PartTask<'a> {
    Member(SchemaUse<'a>, Pointer),
    Own(ObjectPart<'a>),
}

/// Pushes the members of an `allOf` found at `pointer` so that they pop in document order.
fn push_members<'a>(
    pending: &mut Vec<PartTask<'a>>,
    members: &'a [ReferenceOr<Schema>],
    pointer: &Pointer,
) {
    for (index, member) in members.iter().enumerate().rev() {
        let member_pointer = pointer.join("allOf").join(index.to_string());
        pending.push(PartTask::Member(member.into(), member_pointer));
    }
}

/// The one value of a string schema with a single-value `enum` (and no `null`).
fn single_string_value(schema: &Schema) -> Option<String> {
    match shape_of(schema) {
        Shape::String { values, .. } => match values.as_slice() {
            [(_, Some(value))] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn is_struct(parts: &ObjectParts<'_>) -> bool {
    !parts.properties.is_empty()
        || matches!(parts.additional, Some(AdditionalProperties::Any(false)))
}

/// The discriminator values that select the component behind `reference`: the `mapping` keys that
/// point at it, or the component's name when the mapping does not mention it.
fn tag_values_for(discriminator: &Discriminator, reference: &str) -> Vec<String> {
    let component = super::component_name(reference, "schemas").unwrap_or_default();
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || **target == component)
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![component]
    } else {
        mapped
    }
}

/// A variant name for an alternative that is not a named type.
fn type_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Bytes => "Bytes",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number(_) => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::Json => "Json",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Named(_) => "Named",
        TypeRef::Nullable(inner) => type_label(inner),
    }
}
