//! A stable, readable text form of the model, for snapshots and for reviewing a spec change.

use std::fmt::Write;

use crate::ir::{
    Api, Auth, BodyEncoding, Content, Endpoint, IntegerFormat, NumberFormat, Pagination,
    PaginationOrigin, ParamStyle, PartKind, SchemeKind, TypeDef, TypeKind, TypeRef, UnionKind,
};
use crate::naming::RustIdent;

/// Renders `api` as indented text; the same model always gives the same text.
pub fn dump(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} version {:?}", api.title, api.version);
    for server in &api.servers {
        let _ = writeln!(out, "server {}", server.url);
    }
    for scheme in &api.security_schemes {
        let kind = match &scheme.kind {
            SchemeKind::Bearer { .. } => "http bearer".to_owned(),
            SchemeKind::Basic => "http basic".to_owned(),
            SchemeKind::ApiKey { location, name } => format!("api key in {location:?} `{name}`"),
            SchemeKind::OAuth2 { flows } => {
                let flows: Vec<String> = flows
                    .iter()
                    .map(|flow| {
                        let scopes: Vec<&str> =
                            flow.scopes.iter().map(|(name, _)| name.as_str()).collect();
                        format!("{}[{}]", flow.kind.as_str(), scopes.join(", "))
                    })
                    .collect();
                format!("oauth2 {}", flows.join(" "))
            }
            SchemeKind::OpenIdConnect { url } => format!("openIdConnect {url}"),
            SchemeKind::OtherHttp(other) => format!("http {other}"),
        };
        let _ = writeln!(
            out,
            "security scheme {}: {kind}  ({:?})",
            scheme.name, scheme.wording.label
        );
    }
    let profile = &api.security_profile;
    if *profile != Default::default() {
        let _ = writeln!(
            out,
            "security profile: scopes {:?}, error body {:?}",
            profile.scope_rules, profile.error_body
        );
    }
    for endpoint in &api.endpoints {
        out.push('\n');
        dump_endpoint(&mut out, api, endpoint);
    }
    for webhook in &api.webhooks {
        let body = webhook
            .body
            .as_ref()
            .map(|body| content_text(api, &body.primary))
            .unwrap_or_else(|| "empty".to_owned());
        let _ = writeln!(out, "\nwebhook {} {}: {body}", webhook.name, webhook.method);
    }
    for def in &api.types {
        out.push('\n');
        dump_type(&mut out, api, def);
    }
    out
}

fn dump_endpoint(out: &mut String, api: &Api, endpoint: &Endpoint) {
    let _ = writeln!(
        out,
        "{} {}  fn {}  types {}*{}",
        endpoint.method,
        endpoint.path.raw,
        endpoint.rust_name,
        endpoint.type_prefix,
        if endpoint.docs.deprecated {
            "  deprecated"
        } else {
            ""
        }
    );
    if endpoint.rust_name != endpoint.operation_id.as_str() {
        let _ = writeln!(out, "  operationId {}", endpoint.operation_id);
    }
    if let Some(summary) = &endpoint.docs.title {
        let _ = writeln!(out, "  summary {summary:?}");
    }
    let requirement = match &endpoint.auth {
        Auth::Public => "none".to_owned(),
        Auth::Required(alternatives) => alternatives
            .iter()
            .map(|all| {
                if all.is_empty() {
                    return "anonymous".to_owned();
                }
                all.iter()
                    .map(|u| {
                        let scopes: Vec<&str> = u.scopes.iter().map(|s| s.raw.as_str()).collect();
                        format!("{}[{}]", u.scheme, scopes.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect::<Vec<_>>()
            .join(" | "),
    };
    let _ = writeln!(out, "  auth {requirement}");
    for param in &endpoint.params {
        let _ = writeln!(
            out,
            "  {:?} {}{}: {}{}{}",
            param.location,
            param.wire_name,
            rename(&param.rust_name, &param.wire_name),
            type_text(api, &param.ty),
            if param.required { "" } else { "  optional" },
            param
                .default
                .as_ref()
                .map(|d| format!("  default {d}"))
                .unwrap_or_default(),
        );
    }
    if let Some(body) = &endpoint.body {
        let _ = writeln!(
            out,
            "  body {}{}",
            content_text(api, &body.primary),
            if body.required { "" } else { "  optional" }
        );
        field_lines(out, &body.primary);
        if let Some(parts) = &body.parts_type {
            let _ = writeln!(out, "    parts {parts}");
        }
        for alternative in &body.alternatives {
            let _ = writeln!(out, "    also {}", content_text(api, alternative));
            field_lines(out, alternative);
        }
    }
    for response in &endpoint.responses {
        let body = response
            .body
            .as_ref()
            .map(|c| content_text(api, c))
            .unwrap_or_else(|| "empty".to_owned());
        let _ = writeln!(
            out,
            "  {} {}: {body}",
            response.status, response.variant_name
        );
    }
    if let Some(pagination) = &endpoint.pagination {
        dump_pagination(out, api, pagination);
    }
}

fn dump_pagination(out: &mut String, api: &Api, pagination: &Pagination) {
    let page = api.type_def(pagination.page);
    let field = |index: usize| match &page.kind {
        TypeKind::Struct(s) => s.fields.get(index).map(|f| f.wire_name.as_str()),
        _ => None,
    };
    let origin = match &pagination.origin {
        PaginationOrigin::Declared => "declared".to_owned(),
        PaginationOrigin::Inferred(reason) => format!("inferred: {reason}"),
    };
    let _ = writeln!(
        out,
        "  pages {}.{} next {}{} by [{}]  ({origin})",
        page.name,
        field(pagination.items_field).unwrap_or("?"),
        field(pagination.next_field).unwrap_or("?"),
        if pagination.next_optional { "?" } else { "" },
        pagination.params.join(", "),
    );
}

fn dump_type(out: &mut String, api: &Api, def: &TypeDef) {
    let nullable = if def.nullable { " (nullable)" } else { "" };
    let origin = &def.pointer;
    match &def.kind {
        TypeKind::Struct(s) => {
            let _ = writeln!(out, "struct {}{nullable}  {origin}", def.name);
            for field in &s.fields {
                let mut flags = Vec::new();
                if field.required {
                    flags.push("required");
                }
                if field.read_only {
                    flags.push("read-only");
                }
                if field.write_only {
                    flags.push("write-only");
                }
                if field.boxed {
                    flags.push("boxed");
                }
                if def.is_tristate(field) {
                    flags.push("tristate");
                }
                let _ = writeln!(
                    out,
                    "  {}{}: {}{}",
                    field.rust_name,
                    rename(&field.rust_name, &field.wire_name),
                    type_text(api, &field.ty),
                    if flags.is_empty() {
                        String::new()
                    } else {
                        format!("  {}", flags.join(" "))
                    }
                );
            }
            if let Some(additional) = &s.additional {
                let _ = writeln!(out, "  ..: {}", type_text(api, additional));
            }
        }
        TypeKind::StringEnum(variants) => {
            let _ = writeln!(out, "string enum {}{nullable}  {origin}", def.name);
            for v in variants {
                let _ = writeln!(out, "  {} = {:?}", v.rust_name, v.wire_value);
            }
        }
        TypeKind::IntegerEnum(variants) => {
            let _ = writeln!(out, "integer enum {}{nullable}  {origin}", def.name);
            for v in variants {
                let _ = writeln!(out, "  {} = {}", v.rust_name, v.value);
            }
        }
        TypeKind::Union(u) => {
            let keyword = match u.kind {
                UnionKind::OneOf => "oneOf",
                UnionKind::AnyOf => "anyOf",
            };
            let tag = u
                .discriminator
                .as_ref()
                .map(|d| format!(" by {d:?}"))
                .unwrap_or_default();
            let _ = writeln!(out, "{keyword} {}{tag}{nullable}  {origin}", def.name);
            for v in &u.variants {
                let tags = if v.tag_values.is_empty() {
                    String::new()
                } else {
                    format!("  tags {:?}", v.tag_values)
                };
                let boxed = if v.boxed { "  boxed" } else { "" };
                let _ = writeln!(
                    out,
                    "  {}({}){tags}{boxed}",
                    v.rust_name,
                    type_text(api, &v.ty)
                );
            }
        }
        TypeKind::Alias(target) => {
            let _ = writeln!(
                out,
                "alias {}{nullable} = {}  {origin}",
                def.name,
                type_text(api, target)
            );
        }
        TypeKind::Newtype { ty, boxed } => {
            let boxed = if *boxed { "  boxed" } else { "" };
            let _ = writeln!(
                out,
                "newtype {}{nullable}({}){boxed}  {origin}",
                def.name,
                type_text(api, ty)
            );
        }
    }
}

fn rename(rust_name: &RustIdent, wire_name: &str) -> String {
    if rust_name.name() == wire_name {
        String::new()
    } else {
        format!(" as {rust_name}")
    }
}

/// The encoding decisions of a form or multipart body that differ from the defaults.
fn field_lines(out: &mut String, content: &Content) {
    for field in &content.fields {
        let mut notes = Vec::new();
        if (field.style, field.explode) != (ParamStyle::Form, true) {
            notes.push(format!("{:?} explode {}", field.style, field.explode));
        }
        if let Some(content_type) = &field.content_type {
            notes.push(content_type.clone());
        }
        if content.encoding == BodyEncoding::Multipart && field.part != PartKind::Text {
            notes.push(format!("{:?} part", field.part));
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "    field {}: {}", field.wire_name, notes.join(", "));
        }
    }
}

fn content_text(api: &Api, content: &Content) -> String {
    format!("{} {}", content.media_type, type_text(api, &content.ty))
}

/// A short text form of a type use: `[T]` for arrays, `{T}` for maps, `T?` for nullable.
pub fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_owned(),
        TypeRef::Uuid => "uuid".to_owned(),
        TypeRef::DateTime => "date-time".to_owned(),
        TypeRef::Date => "date".to_owned(),
        TypeRef::Bytes => "bytes".to_owned(),
        TypeRef::Integer(IntegerFormat::I32) => "i32".to_owned(),
        TypeRef::Integer(IntegerFormat::I64) => "i64".to_owned(),
        TypeRef::Number(NumberFormat::F32) => "f32".to_owned(),
        TypeRef::Number(NumberFormat::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Json => "json".to_owned(),
        TypeRef::Array(inner) => format!("[{}]", type_text(api, inner)),
        TypeRef::Map(inner) => format!("{{{}}}", type_text(api, inner)),
        TypeRef::Named(id) => api.type_def(*id).name.to_string(),
        TypeRef::Nullable(inner) => format!("{}?", type_text(api, inner)),
    }
}
