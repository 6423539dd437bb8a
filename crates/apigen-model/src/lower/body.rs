//! The encoding decisions of form and multipart bodies: how each property is written (the
//! spec's `encoding` object or its defaults), and the struct of typed parts a multipart body
//! is sent and received as.

use openapiv3::{MediaType, QueryStyle};

use super::Lowering;
use crate::ir::{
    BodyEncoding, Content, Docs, FieldEncoding, ParamStyle, PartKind, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{RustIdent, type_name, value_name};
use crate::pointer::Pointer;

/// How many aliases are followed to find the struct behind a body type.
const MAX_ALIASES: usize = 16;

/// True for a JSON media type (`application/json`, `*+json`).
fn is_json_media(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
}

/// One property of a form or multipart body, before its encoding is decided.
struct Property {
    wire_name: String,
    rust_name: RustIdent,
    ty: TypeRef,
    required: bool,
    docs: Docs,
}

impl Lowering<'_> {
    /// Fills in [`Content::fields`] of a form or multipart body from its media type object.
    pub(super) fn lower_field_encodings(
        &mut self,
        content: &mut Content,
        media: &MediaType,
        pointer: &Pointer,
    ) {
        if !matches!(
            content.encoding,
            BodyEncoding::Form | BodyEncoding::Multipart
        ) {
            return;
        }
        let encoding_pointer = pointer
            .join("content")
            .join(&content.media_type)
            .join("encoding");
        let properties = match self.struct_behind(&content.ty) {
            Some(fields) => fields,
            None => media
                .encoding
                .keys()
                .map(|name| Property {
                    wire_name: name.clone(),
                    rust_name: value_name(name),
                    ty: TypeRef::Json,
                    required: false,
                    docs: Docs::default(),
                })
                .collect(),
        };
        for name in media.encoding.keys() {
            if !properties
                .iter()
                .any(|property| property.wire_name == *name)
            {
                self.warn(
                    &encoding_pointer.join(name),
                    format!(
                        "the encoding of `{name}` names no property of the body: it is ignored"
                    ),
                );
            }
        }
        let multipart = content.encoding == BodyEncoding::Multipart;
        let mut fields = Vec::with_capacity(properties.len());
        for Property {
            wire_name,
            rust_name,
            ty,
            required,
            docs,
        } in properties
        {
            let entry = media.encoding.get(&wire_name);
            let entry_pointer = encoding_pointer.join(&wire_name);
            if let Some(entry) = entry {
                if !entry.headers.is_empty() {
                    self.warn(
                        &entry_pointer.join("headers"),
                        "part headers are not sent: only `Content-Type` and `Content-Disposition` are written",
                    );
                }
                if multipart && entry.style.is_some() {
                    self.warn(
                        &entry_pointer.join("style"),
                        "`style` applies to form-urlencoded bodies only: the multipart part is written as is",
                    );
                }
            }
            let (style, explode) = match entry.and_then(|entry| entry.style.as_ref()) {
                None => (ParamStyle::Form, true),
                Some(style) => {
                    let explode = entry.is_some_and(|entry| entry.explode);
                    let style = match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    };
                    (style, explode)
                }
            };
            let content_type = entry.and_then(|entry| entry.content_type.clone());
            let part = self.part_kind(&ty, content_type.as_deref());
            fields.push(FieldEncoding {
                wire_name,
                rust_name,
                ty,
                required,
                style,
                explode,
                content_type,
                part,
                docs,
            });
        }
        content.fields = fields;
    }

    /// The name of the struct of typed parts of a multipart body, when `content` is one with
    /// an object schema.
    pub(super) fn parts_type(
        &mut self,
        content: &Content,
        type_prefix: &str,
        pointer: &Pointer,
    ) -> Option<RustIdent> {
        if content.encoding != BodyEncoding::Multipart || self.struct_behind(&content.ty).is_none()
        {
            return None;
        }
        Some(self.operation_type(&type_name(type_prefix), "Parts", pointer))
    }

    /// How a property of this type travels in a multipart body.
    fn part_kind(&self, ty: &TypeRef, content_type: Option<&str>) -> PartKind {
        if content_type.is_some_and(is_json_media) {
            return PartKind::Json;
        }
        match ty.non_null() {
            TypeRef::Bytes => PartKind::File,
            TypeRef::Array(item) if matches!(item.non_null(), TypeRef::Bytes) => PartKind::Files,
            TypeRef::Array(item) if self.is_scalar(item) => PartKind::Text,
            other if self.is_scalar(other) => PartKind::Text,
            _ => PartKind::Json,
        }
    }

    /// True for types written as one text value: strings, numbers, booleans and enums.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match self.resolved(ty) {
            Some(TypeRef::Named(id)) => matches!(
                self.type_at(*id).map(|def| &def.kind),
                Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_))
            ),
            Some(
                TypeRef::String
                | TypeRef::Uuid
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Bytes
                | TypeRef::Integer(_)
                | TypeRef::Number(_)
                | TypeRef::Boolean,
            ) => true,
            _ => false,
        }
    }

    /// The properties of the struct a body type is (through aliases).
    fn struct_behind(&self, ty: &TypeRef) -> Option<Vec<Property>> {
        let TypeRef::Named(id) = self.resolved(ty)? else {
            return None;
        };
        let TypeKind::Struct(fields) = &self.type_at(*id)?.kind else {
            return None;
        };
        Some(
            fields
                .fields
                .iter()
                .map(|field| Property {
                    wire_name: field.wire_name.clone(),
                    rust_name: field.rust_name.clone(),
                    ty: field.ty.clone(),
                    required: field.required,
                    docs: field.docs.clone(),
                })
                .collect(),
        )
    }

    /// `ty` without nullability, through named aliases.
    fn resolved<'t>(&'t self, mut ty: &'t TypeRef) -> Option<&'t TypeRef> {
        for _ in 0..MAX_ALIASES {
            ty = ty.non_null();
            match ty {
                TypeRef::Named(id) => match &self.type_at(*id)?.kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return Some(ty),
                },
                other => return Some(other),
            }
        }
        None
    }

    fn type_at(&self, id: crate::ir::TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)?.as_ref()
    }
}
